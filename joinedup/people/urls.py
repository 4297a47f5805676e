from django.urls import path

from joinedup.people import views

app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/access-log/", views.access_log, name="access-log"),
]
