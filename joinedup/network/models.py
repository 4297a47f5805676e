"""What a context prompt rests on beyond its events (the prompt itself is a `prompts.Prompt`).

A context prompt (engine/context/rules.yaml, C01-C05) is a `Prompt` about a context (a place or peer group:
`Prompt.context`) or an adult (`Prompt.person`) that names every child it connects (`Prompt.children`),
with the events behind it (`PromptEvidence`). This keeps the rest: the agencies' recorded links behind it
(each information from a source, with how it is known and how reliable), the record that brought the count
of children to k, and each time a further child joined the pattern while the prompt was open.
"""

from django.db import models

__all__ = ["ContextPromptBasis"]


class ContextPromptBasis(models.Model):
    prompt = models.OneToOneField("prompts.Prompt", on_delete=models.CASCADE, related_name="context_basis")
    context_key = models.CharField(max_length=120, help_text="the context graph's key (place-7, person-12, "
                                                            "peer-group:person-3)")
    trigger_event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", help_text="the event that brought the count to k")
    trigger_association = models.ForeignKey("associations.Association", on_delete=models.SET_NULL, null=True,
                                            blank=True, related_name="+",
                                            help_text="the recorded link that brought the count to k")
    associations = models.ManyToManyField("associations.Association", blank=True, related_name="+",
                                          help_text="the agencies' recorded links behind the prompt")
    history = models.JSONField(default=list, help_text="each time the pattern was found: "
                                                       "[{moment, children, trigger}], first when it was raised")

    def __str__(self) -> str:
        return f"basis of prompt {self.prompt_id}"
