from django.urls import path

from joinedup.places import views

app_name = "places"
urlpatterns = [
    path("places/map/", views.partnership_map, name="map"),
]
