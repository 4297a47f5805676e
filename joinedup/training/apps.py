from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "joinedup.training"
    verbose_name = "Training records"

    def ready(self):
        from joinedup.core.navigation import register_nav_link

        register_nav_link("Training", "training:home", order=80,
                          visible=lambda user: user.role != "agency_system")
