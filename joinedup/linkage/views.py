"""The linkage review queue and the model page, for MASH officers (who may see every agency's records)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from engine.linkage.default_model import MIN_TRAINING_RECORDS
from engine.linkage.splink_adapter import TrainedModel
from joinedup.audit.services import log_access, log_accesses
from joinedup.linkage.models import Decision, LinkageModel, LinkRun, RecordMove, ReviewItem
from joinedup.linkage.services import decide, unmerge
from joinedup.people import selectors
from joinedup.people.models import SourceRecord


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect, label="Are these the same person?")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason",
                             help_text="What you checked and why you decided; this is kept with the decision.")


_FIELDS = [("forename", "Forename"), ("middle_names", "Middle names"), ("surname", "Surname"),
           ("former_surnames", "Former surnames"), ("date_of_birth", "Date of birth"), ("sex", "Sex"),
           ("address", "Address"), ("postcode", "Postcode"), ("nhs_number", "NHS number"), ("upn", "UPN"),
           ("police_id", "Police identifier"), ("la_child_id", "Local authority child identifier")]


def _reviewer(request):
    if not request.user.sees_whole_picture:
        raise PermissionDenied("Only MASH officers review linkage: it means reading every agency's identity records.")


@login_required
def queue(request):
    _reviewer(request)
    items = list(ReviewItem.objects.filter(open=True).select_related("record_a__agency", "record_b__agency")[:200])
    log_accesses(request, [r.person_id for i in items for r in (i.record_a, i.record_b) if r.person_id],
                 "linkage review queue")
    return render(request, "linkage/queue.html", {"items": items, "run": LinkRun.objects.order_by("-id").first()})


@login_required
def item(request, item_id: int):
    _reviewer(request)
    review = get_object_or_404(ReviewItem.objects.select_related("record_a__agency", "record_b__agency"), pk=item_id, open=True)
    for record in (review.record_a, review.record_b):
        if record.person_id:
            log_access(request, record.person, "linkage review")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = decide(review, decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"],
                      actor=request.user)
        label = Decision(made.decision).label
        if made.refused:
            messages.warning(request, f"Decision recorded ({label}), but the records were kept apart: "
                                      f"{'; '.join(r[2] for r in made.refused)}. Split or correct the records first.")
        elif made.run is not None:
            messages.success(request, f"Decision recorded ({label}); {made.run.records_moved} record"
                                      f"{'' if made.run.records_moved == 1 else 's'} moved.")
        else:
            messages.success(request, f"Decision recorded ({label}); the records are as they were.")
        return redirect("linkage:queue")
    breakdown = sorted(review.breakdown.items(), key=lambda kv: -abs(kv[1][1] or 0))
    rows = [(label, getattr(review.record_a, name), getattr(review.record_b, name)) for name, label in _FIELDS]
    return render(request, "linkage/item.html", {"item": review, "rows": rows, "breakdown": breakdown, "form": form})


def _bar(weight: float | None, scale: float) -> dict | None:
    """An offline bar for the chart: drawn right of the axis for evidence for a match, left for against."""
    if weight is None:
        return None
    width = round(abs(weight) / scale * 140)
    return {"x": 150 if weight >= 0 else 150 - width, "width": width, "colour": "#00703c" if weight >= 0 else "#b3261e"}


@login_required
def model(request):
    _reviewer(request)
    stored = LinkageModel.objects.first()
    comparisons = []
    if stored:
        trained = TrainedModel(model=stored.model, splink_version=stored.splink_version,
                               duckdb_version=stored.duckdb_version, seed=stored.seed, statistics=stored.statistics)
        scale = max((abs(w) for levels in trained.level_weights().values() for _, w in levels if w is not None), default=1)
        for name, levels in trained.level_weights().items():
            comparisons.append((name, [(label, weight, _bar(weight, scale)) for label, weight in levels]))
    return render(request, "linkage/model.html", {"stored": stored, "comparisons": comparisons,
                                                  "min_training_records": f"{MIN_TRAINING_RECORDS:,}"})


class SplitForm(forms.Form):
    records = forms.ModelMultipleChoiceField(queryset=SourceRecord.objects.none(), widget=forms.CheckboxSelectMultiple,
                                             label="Which records are not this person?",
                                             error_messages={"required": "Choose at least one record to split off."})
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason",
                             help_text="What you checked and why these records are someone else; this is kept.")

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["records"].queryset = person.records.select_related("agency").order_by("agency__name", "record_id")
        self.fields["records"].label_from_instance = (
            lambda r: f"{r.full_name}, {r.agency.name} ref {r.record_id}"
                      f"{', born ' + r.date_of_birth.strftime('%-d %b %Y') if r.date_of_birth else ''}")

    def clean(self):
        data = super().clean()
        chosen = data.get("records")
        if chosen is not None and len(chosen) >= self.fields["records"].queryset.count():
            raise forms.ValidationError("A person must keep at least one record; split off fewer records.")
        return data


@login_required
def split(request, person_id: int):
    """Split one or more records off a person (a wrong link that never went to review), with a reason."""
    _reviewer(request)
    person = get_object_or_404(selectors.visible_people(request.user).filter(merged_into__isnull=True), pk=person_id)
    log_access(request, person, "split records")
    form = SplitForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["records"])
        staying = person.records.exclude(pk__in=[r.pk for r in chosen]).values_list("pk", flat=True).first()
        went_to = unmerge(chosen, reason=form.cleaned_data["reason"], actor=request.user)
        stays = SourceRecord.objects.get(pk=staying).person_id
        names = ", ".join(r.full_name for r in chosen)
        messages.success(request, f"Split off {names}: now {went_to.display_name} (person {went_to.pk}).")
        return redirect("people:detail", person_id=stays)
    moves = (RecordMove.objects.filter(record__person=person).select_related("record__agency", "from_person", "to_person",
                                                                         "decision__decided_by", "run")[:100])
    return render(request, "linkage/split.html", {"person": person, "form": form, "moves": moves})
