from django.urls import path

from joinedup.cpis import views

app_name = "cpis"
urlpatterns = [
    path("cpis/", views.home, name="home"),
    path("cpis/export/", views.export, name="export"),
    path("people/<int:person_id>/cpis/", views.person, name="person"),
]
