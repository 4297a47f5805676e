from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "joinedup.escalations"
    verbose_name = "Escalations: resolving professional differences"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.escalations import chronology, deadlines

        chronology.register()
        deadlines.register()
        register_nav_link("Escalations", "escalations:list", order=61, visible=lambda user: user.reads_case_data)
        register_nav_link("Escalation overview", "escalations:partnership", order=62,
                          visible=lambda user: user.role == "analyst")
        register_person_link("Raise an escalation", "escalations:new", order=31,
                             visible=lambda user, person: user.reads_case_data and person.person_type == "child")
