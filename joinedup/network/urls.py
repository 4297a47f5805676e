from django.urls import path

from joinedup.network import api, views

app_name = "network"
urlpatterns = [
    path("people/<int:person_id>/network/", views.person_network, name="person"),
    path("people/<int:person_id>/network/", views.person_network, name="adult"),  # the person page's adult link
    path("contexts/<int:context_id>/network/", views.context_network, name="context"),
    path("api/network/people/<int:person_id>/", api.PersonNetworkAPI.as_view(), name="api-person"),
    path("api/network/contexts/<int:context_id>/", api.ContextNetworkAPI.as_view(), name="api-context"),
]
