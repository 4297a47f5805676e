from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "joinedup.places"
    label = "places"

    def ready(self):
        from joinedup.core.navigation import register_nav_link
        from joinedup.places import checks  # noqa: F401  (registers the map's configuration checks)
        from joinedup.places.views import may_see_map

        register_nav_link("Map of places", "places:map", order=60, visible=may_see_map)
