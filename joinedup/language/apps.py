from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "joinedup.language"
    label = "language"
