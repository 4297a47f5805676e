from django.apps import AppConfig


class CpisConfig(AppConfig):
    name = "joinedup.cpis"
    verbose_name = "CP-IS: child protection status in unscheduled health care"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.cpis import services
        from joinedup.imports.services import register_after_events

        register_after_events("cpis", services.attendances_after_import)
        register_nav_link("CP-IS", "cpis:home", order=68,
                          visible=lambda user: user.role in ("team_manager", "mash_officer") and bool(user.agency_id)
                          and user.agency.kind in ("social_care", "mash"))
        register_person_link("CP-IS attendances", "cpis:person", order=37,
                             visible=lambda user, person: services.may_see_flag(user, person))
