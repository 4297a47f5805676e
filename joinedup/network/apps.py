from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "joinedup.network"
    verbose_name = "The context network around a child, adult or context"
