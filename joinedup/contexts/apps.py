from django.apps import AppConfig


class ContextsConfig(AppConfig):
    name = "joinedup.contexts"
    verbose_name = "Contexts: places, peer groups, schools and online spaces as casework records"

    def ready(self):
        from joinedup.contexts import deadlines
        from joinedup.core.navigation import register_nav_link

        deadlines.register()

        register_nav_link("Contexts", "contexts:list", order=30, visible=lambda user: user.reads_case_data)
