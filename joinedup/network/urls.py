from django.urls import path

from joinedup.network import views

app_name = "network"
urlpatterns = [
    path("people/<int:person_id>/network/", views.person_network, name="person"),
    path("contexts/<int:context_id>/network/", views.context_network, name="context"),
]
