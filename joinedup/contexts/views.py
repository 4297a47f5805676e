"""Context pages: the list, a context's own page, and the referral form (which never asks for a child)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.associations.models import PeerGroup
from joinedup.audit.services import log_access
from joinedup.contexts import permissions, selectors
from joinedup.contexts.forms import PEER_GROUP, ReferralForm
from joinedup.contexts.models import Context, ContextKind
from joinedup.contexts.services import ContextRefused, refer, threshold_levels
from joinedup.places.models import Location

LINKS_PER_PAGE = 50


def _reader(request):
    if not permissions.may_read(request.user):
        raise PermissionDenied("Context records are casework; your role does not read case records.")


@login_required
def context_list(request):
    _reader(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in ContextKind.values else ""
    q = request.GET.get("q", "")
    paginator = Paginator(selectors.contexts_for(request.user, kind=kind, q=q), 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "contexts/list.html", {
        "page": page, "kinds": ContextKind.choices, "kind": kind, "q": q,
        "may_plan": permissions.may_plan(request.user)})


@login_required
def context_detail(request, context_id: int):
    _reader(request)
    context = get_object_or_404(Context.objects.select_related("location", "group", "agency", "created_by"),
                                pk=context_id)
    user = request.user
    links = selectors.context_links(user, context)
    link_page = Paginator(links.rows, LINKS_PER_PAGE).get_page(request.GET.get("links"))
    logged = set()
    for row in link_page:
        if row.person is not None and row.person.pk not in logged:
            log_access(request, row.person, f"linked to context {context.pk}")
            logged.add(row.person.pk)
    plan = selectors.current_plan(context)
    actions = list(plan.actions.prefetch_related("updates__updated_by")) if plan else []
    for action in actions:
        action.may_update = permissions.may_update_action(user, action)
    assessments = list(context.assessments.select_related("assessed_by", "agency"))
    conferences = list(context.conferences.prefetch_related("attendees", "contexts", "weightings__context",
                                                            "actions__context").select_related("recorded_by"))
    levels = dict(threshold_levels())
    referrals = list(context.referrals.select_related("agency", "referred_by"))
    for referral in referrals:
        referral.level_name = levels.get(referral.threshold_level, referral.threshold_level)
    return render(request, "contexts/detail.html", {
        "context": context, "referrals": referrals,
        "assessment": assessments[0] if assessments else None, "earlier_assessments": assessments[1:],
        "plan": plan, "actions": actions,
        "reviews": list(plan.reviews.select_related("reviewed_by")) if plan else [],
        "ended_plans": context.plans.filter(ended_on__isnull=False),
        "overdue": [a for a in selectors.open_actions(context) if a.overdue],
        "conferences": conferences, "links": links, "link_page": link_page,
        "links_hidden": links.hidden_sentence(any_shown=bool(links.rows)),
        "events": selectors.event_summary(user, context),
        "prompts": context.prompts.order_by("status", "-moment") if user.sees_whole_picture else None,
        "may_plan": permissions.may_plan(user), "today": timezone.localdate(),
    })


@login_required
def refer_context(request):
    """Share information about a place, group, school or online space, with or without an existing record."""
    _reader(request)
    subject, about = _subject(request)
    form = ReferralForm(request.POST or None, subject_fixed=subject is not None, levels=threshold_levels(),
                        initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = dict(about)
        if subject is None:
            if data["kind"] == PEER_GROUP:
                target["group_name"] = data["name"]
            else:
                target["place"] = {k: data[k] for k in ("kind", "name", "address", "postcode")}
        try:
            referral = refer(user=request.user, concern=data["concern"], how_known=data["how_known"],
                             source_detail=data["source_detail"], observed_on=data["observed_on"],
                             reliability=data["reliability"], threshold_level=data["threshold_level"], **target)
        except ContextRefused as refusal:
            form.add_error(None, str(refusal))
        except PermissionError as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        else:
            messages.success(request, f"Thank you: the information about {referral.context.name} is recorded and "
                                      "shared with the partnership.")
            return redirect("contexts:detail", context_id=referral.context_id)
    return render(request, "contexts/refer.html", {"form": form, "subject": subject})


def _subject(request):
    """The existing context, place or group a referral is about, from ?context=, ?location= or ?group=."""
    source = request.POST if request.method == "POST" else request.GET
    for key, model, arg in (("context", Context, "context"), ("location", Location, "location"),
                            ("group", PeerGroup, "group")):
        value = source.get(key) or request.GET.get(key)
        if value and str(value).isdigit():
            found = get_object_or_404(model, pk=int(value))
            return found, {arg: found}
    return None, {}
