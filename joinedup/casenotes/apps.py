from django.apps import AppConfig


class CasenotesConfig(AppConfig):
    name = "joinedup.casenotes"
    label = "casenotes"
