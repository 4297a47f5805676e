"""The inbox: items addressed to the user and their agency's team queue, each open until acknowledged with
an action (R02)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from engine.vocabulary import load_vocabulary
from joinedup.audit.services import log_access, log_accesses
from joinedup.inbox import services
from joinedup.inbox.forms import AcknowledgeForm
from joinedup.people.selectors import visible_events, visible_people
from joinedup.referrals.forms import add_refusal
from joinedup.referrals.selectors import referrals_for
from joinedup.sharing.selectors import requests_for


def _reader(request):
    if not request.user.reads_case_data:
        raise PermissionDenied("The inbox holds information about individual children; your role reads none.")


@login_required
def inbox(request):
    _reader(request)
    items = services.inbox_for(request.user)
    waiting = list(items.filter(acknowledged_at__isnull=True).order_by("arrived_at", "id")[:500])
    today = timezone.localdate()
    done = list(items.filter(acknowledged_at__isnull=False,
                             acknowledged_at__date__gte=today - timedelta(days=30)).order_by("-acknowledged_at")[:200])
    log_accesses(request, [i.person_id for i in [*waiting, *done]], "inbox")
    return render(request, "inbox/list.html", {
        "mine": [i for i in waiting if i.worker_id], "team": [i for i in waiting if not i.worker_id],
        "done": done,
    })


def _event_facts(user, item) -> dict | None:
    if not item.event_id:
        return None
    event = visible_events(user, item.person).filter(pk=item.event_id).first()
    if event is None:
        return {"hidden": True}
    event_type = load_vocabulary().event_types.get(event.event_type)
    attributes = [(name.replace("_", " ").capitalize(), ", ".join(map(str, value)) if isinstance(value, list)
                   else str(value)) for name, value in (event.attributes or {}).items() if value not in (None, "", [])]
    return {"event": event, "label": event_type.label if event_type else event.event_type, "attributes": attributes}


def _page(request, item, form, status=200):
    context = {"item": item, "form": form, "event": _event_facts(request.user, item),
               "may_open_child": visible_people(request.user).filter(pk=item.person_id).exists()}
    if item.referral_id:
        context["referral"] = referrals_for(request.user).filter(pk=item.referral_id).first()
    if item.request_id:
        context["info_request"] = requests_for(request.user).filter(pk=item.request_id).first()
    return render(request, "inbox/item.html", context, status=status)


@login_required
def item(request, item_id: int):
    _reader(request)
    found = get_object_or_404(services.inbox_for(request.user), pk=item_id)
    log_access(request, found.person, f"inbox item {found.pk}")
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge(found, actor=request.user, **form.cleaned_data)
        except services.Refused as refusal:
            add_refusal(form, refusal)
            return _page(request, found, form, status=400)
        messages.success(request, "Recorded what was done. The acknowledgement is on the child's chronology.")
        return redirect("inbox:list")
    return _page(request, found, form)
