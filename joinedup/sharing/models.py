"""Information-sharing decisions: sharing is the default; withholding is an explicit, reasoned, audited and
reportable decision (R01); every request for information says why it is asked (R08)."""

from django.conf import settings
from django.db import models

from joinedup.chronology.models import RequestPurpose

__all__ = ["AgencyRequest", "ReasonCategory", "RequestResponse", "WithholdDecision"]


class ReasonCategory(models.TextChoices):
    """Why information is withheld: the lawful basis or reason, for counting; the written reasons say the rest."""

    INVESTIGATION = "investigation", "Sharing now would prejudice a criminal investigation or prosecution"
    INCREASED_RISK = "increased_risk", "Sharing would place the child or another person at greater risk of harm"
    NOT_RELEVANT = "not_relevant", "Not relevant to the child's welfare or to the purpose given"
    NOT_PROPORTIONATE = "not_proportionate", "Not necessary or proportionate to the purpose given"
    THIRD_PARTY = "third_party", "Confidential information about a third party that cannot be separated"
    LEGAL_RESTRICTION = "legal_restriction", "A legal restriction (court order, legal privilege, statutory bar)"
    CONSENT_REFUSED = "consent_refused", "Consent refused, and no risk of significant harm that justifies sharing"
    OTHER = "other", "Another reason (explain in the reasons)"


class RequestResponse(models.TextChoices):
    SHARED = "shared", "Shared"
    WITHHELD = "withheld", "Withheld, with reasons"


class AgencyRequest(models.Model):
    """One agency asks another what it holds about a child, saying why (R08); the answer is shared or withheld."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="agency_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=RequestPurpose.choices)
    purpose_detail = models.TextField(help_text="what the requester needs to know, and why")
    needed_by = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.CharField(max_length=10, choices=RequestResponse.choices, blank=True)
    response_text = models.TextField(blank=True, help_text="the information shared")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to_agency", "responded_at"], name="agencyreq_to_open"),
                   models.Index(fields=["from_agency", "created_at"], name="agencyreq_from")]

    def __str__(self) -> str:
        return f"Request Q{self.pk} from {self.from_agency} to {self.to_agency}"

    @property
    def status(self) -> str:
        return self.get_response_display() if self.response else "Waiting for a response"


class WithholdDecision(models.Model):
    """An agency's decision not to share something it holds about a child with another agency (R01)."""

    class What(models.TextChoices):
        EVENT = "event", "An event the agency recorded"
        REQUEST = "request", "The response to an information request"
        IDENTIFIER = "identifier", "The child's NHS number (the consistent identifier)"
        OTHER = "other", "Another record (described)"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="withhold_decisions")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+",
                               help_text="the agency that holds the information and withholds it")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=120, blank=True, help_text="the decider's role at the time")
    decided_at = models.DateTimeField(auto_now_add=True)
    what_kind = models.CharField(max_length=10, choices=What.choices)
    event = models.ForeignKey("events.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    request = models.OneToOneField(AgencyRequest, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="withhold_decision")
    what = models.CharField(max_length=300, help_text="what is withheld, in words")
    withheld_from = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    reason_category = models.CharField(max_length=20, choices=ReasonCategory.choices)
    reasons = models.TextField()
    review_on = models.DateField(help_text="when the decision will be looked at again")
    under_duty = models.BooleanField(default=True, help_text="a decision not to share under the information-sharing "
                                                             "duty (Children's Wellbeing and Schools Act 2026 s.4)")

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["agency", "decided_at"], name="withhold_agency"),
                   models.Index(fields=["review_on"], name="withhold_review")]

    def __str__(self) -> str:
        return f"{self.agency} withheld {self.what} from {self.withheld_from}"
