"""Write a case note about a child, with the wording checked as it is typed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.audit.services import log_access
from joinedup.casenotes.services import write_case_note
from joinedup.people.selectors import visible_people


class CaseNoteForm(forms.Form):
    text = forms.CharField(label="Case note", widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000,
                           help_text="Record what happened, who did what, and what the child said, in the child’s words where you can.")
    flags_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)


@login_required
def new_note(request, person_id: int):
    person = get_object_or_404(visible_people(request.user), pk=person_id)
    log_access(request, person, "case note form")
    form = CaseNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Saving is never blocked. The feedback panel adds flags_seen when it showed flags to the author.
        note = write_case_note(person, author=request.user, text=form.cleaned_data["text"],
                               flags_seen=form.cleaned_data["flags_seen"])
        if note.language_findings:
            terms = ", ".join(f"“{f['matched_text']}”" for f in note.language_findings)
            messages.info(request, f"Case note saved. The language checker flagged {terms}; the note records this.")
        else:
            messages.success(request, "Case note saved.")
        return redirect("people:detail", person_id=person.pk)
    return render(request, "casenotes/new_note.html", {"person": person, "form": form})
