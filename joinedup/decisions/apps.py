from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "joinedup.decisions"
    verbose_name = "Case decisions: no further action, closure, step-down, deferral"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.decisions import deadlines
        from joinedup.decisions.chronology import register

        register()
        deadlines.register()
        register_nav_link("Decisions", "decisions:list", order=60, visible=lambda user: user.reads_case_data)
        register_person_link("Record a decision", "decisions:new", order=30,
                             visible=lambda user, person: user.reads_case_data and person.person_type == "child")
