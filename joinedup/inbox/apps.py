from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "joinedup.inbox"
    verbose_name = "Inboxes: information from other agencies until someone acts on it"

    def ready(self):
        from joinedup.core.navigation import register_nav_link
        from joinedup.inbox import chronology, deadlines
        from joinedup.inbox.services import open_count

        def label(user) -> str:
            n = open_count(user)
            return f"Inbox ({n})" if n else "Inbox"

        register_nav_link(label, "inbox:list", order=5, visible=lambda user: user.reads_case_data)
        chronology.register()
        deadlines.register()
