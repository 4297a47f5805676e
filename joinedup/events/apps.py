from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "joinedup.events"
    label = "events"
