from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "joinedup.associations"
    label = "associations"
