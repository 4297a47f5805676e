"""Write a case note about a child, with the wording checked as it is typed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.audit.services import log_access
from joinedup.casenotes.services import write_case_note
from joinedup.language.services import check_note
from joinedup.language.views import highlight
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
    feedback = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        findings = check_note(text, person=person)
        if findings and not form.cleaned_data["flags_seen"]:
            # The flags were not on screen (no JavaScript): show them once; saving again keeps the note as written.
            feedback = {"findings": findings, "pieces": highlight(text, findings), "text": text}
            return render(request, "casenotes/new_note.html", {"person": person, "form": form, "feedback": feedback})
        note = write_case_note(person, author=request.user, text=text)
        if note.language_findings:
            messages.info(request, f"Case note saved. It records that {len(note.language_findings)} flagged phrase(s) were shown to you.")
        else:
            messages.success(request, "Case note saved.")
        return redirect("people:detail", person_id=person.pk)
    return render(request, "casenotes/new_note.html", {"person": person, "form": form, "feedback": feedback})
