from django.apps import AppConfig


def _label(user) -> str:
    from joinedup.encompass.selectors import waiting_for

    n = waiting_for(user)
    return f"Operation Encompass ({n})" if n else "Operation Encompass"


class EncompassConfig(AppConfig):
    name = "joinedup.encompass"
    verbose_name = "Operation Encompass: domestic abuse notifications to schools"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.encompass import chronology, deadlines, services
        from joinedup.imports.services import register_after_events

        chronology.register()
        deadlines.register()
        register_after_events("encompass", services.notify_after_import)
        register_nav_link(_label, "encompass:list", order=47, visible=lambda user: user.reads_case_data)
        register_nav_link("Encompass timeliness", "encompass:timeliness", order=66,
                          visible=lambda user: user.role in ("analyst", "mash_officer", "team_manager"))
        register_person_link("Operation Encompass notification", "encompass:record", order=36,
                             visible=lambda user, person: person.person_type == "child" and bool(user.agency_id)
                             and user.agency.kind == "police")
