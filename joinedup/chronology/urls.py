from django.urls import path, re_path

from joinedup.chronology import views

app_name = "chronology"
urlpatterns = [
    path("people/<int:person_id>/chronology/", views.chronology, name="person"),
    re_path(r"^people/(?P<person_id>[0-9]+)/chronology/export/(?P<fmt>pdf|csv)/$", views.export, name="export"),
    path("people/<int:person_id>/chronology/ask-the-mash/", views.ask_mash, name="ask-mash"),
    path("mash/information-requests/", views.information_requests, name="information-requests"),
]
