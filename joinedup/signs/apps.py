from django.apps import AppConfig


class SignsConfig(AppConfig):
    name = "joinedup.signs"
    verbose_name = "Warning signs read from what agencies write"

    def ready(self):
        from joinedup.signs import prompt_facts

        prompt_facts.register()
