from django.apps import AppConfig


class CpteamsConfig(AppConfig):
    name = "joinedup.cpteams"
    verbose_name = "Multi-agency child protection teams and section 47 enquiries"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.cpteams import chronology, deadlines

        chronology.register()
        deadlines.register()
        register_nav_link("Child protection teams", "cpteams:list", order=48, visible=lambda user: user.reads_case_data)
        register_person_link("Section 47 enquiry", "cpteams:new-enquiry", order=32,
                             visible=lambda user, person: person.person_type == "child" and bool(user.agency_id)
                             and user.agency.kind in ("social_care", "mash"))
