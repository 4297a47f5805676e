from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "joinedup.sharing"
    verbose_name = "Information-sharing decisions"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.sharing import chronology
        from joinedup.sharing.selectors import may_report

        def records(user) -> bool:
            return user.reads_case_data and user.agency_id is not None

        register_nav_link("Information sharing", "sharing:requests", order=30, visible=records)
        register_nav_link("Information-sharing report", "sharing:report", order=30,
                          visible=lambda user: may_report(user) and not user.reads_case_data)
        register_person_link("Ask another agency for information", "sharing:request-new", order=20,
                             visible=lambda user, person: records(user))
        register_person_link("Record a decision not to share", "sharing:withhold", order=25,
                             visible=lambda user, person: records(user))
        chronology.register()
