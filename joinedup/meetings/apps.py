from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "joinedup.meetings"
    verbose_name = "Strategy discussions and multi-agency meetings"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.meetings.chronology import register
        from joinedup.meetings.deadlines import MEETING_LINKS, meeting_records
        from joinedup.prompts.deadlines import register_deadline_source

        register()
        register_deadline_source("meetings", meeting_records, links=MEETING_LINKS)
        register_nav_link("My actions", "meetings:mine", order=45, visible=lambda user: user.reads_case_data)
        register_person_link("Meetings", "meetings:person", order=30,
                             visible=lambda user, person: person.person_type == "child")
