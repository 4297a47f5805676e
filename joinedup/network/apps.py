from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "joinedup.network"
    verbose_name = "The context network around a child, adult or context"

    def ready(self):
        from joinedup.core.navigation import register_person_link
        from joinedup.network.chronology import register

        register()
        register_person_link("Network around this child", "network:person", order=30,
                             visible=lambda user, person: user.reads_case_data and person.person_type == "child")
        register_person_link("Network around this adult", "network:adult", order=30,
                             visible=lambda user, person: user.reads_case_data and person.person_type != "child")
