from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "joinedup.inbox"
    verbose_name = "Inboxes: information from other agencies until someone acts on it"
