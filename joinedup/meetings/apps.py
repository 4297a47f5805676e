from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "joinedup.meetings"
    verbose_name = "Strategy discussions and multi-agency meetings"
