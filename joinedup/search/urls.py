from django.urls import path

from joinedup.search import views

app_name = "search"
urlpatterns = [path("", views.home, name="home")]
