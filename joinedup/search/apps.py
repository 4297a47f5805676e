from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "joinedup.search"
    label = "search"
