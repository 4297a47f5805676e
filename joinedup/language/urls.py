from django.urls import path

from joinedup.language import views

app_name = "language"
urlpatterns = [
    path("language/check/", views.check, name="check"),
    path("partnership/language/", views.partnership, name="partnership"),
]
