from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "joinedup.training"
    verbose_name = "Training records"
