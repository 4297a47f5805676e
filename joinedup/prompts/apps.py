from django.apps import AppConfig


class PromptsConfig(AppConfig):
    name = "joinedup.prompts"
    verbose_name = "Prompts and the decisions that close them"

    def ready(self):
        from joinedup.prompts.chronology import register

        register()
