from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "joinedup.places"
    label = "places"
