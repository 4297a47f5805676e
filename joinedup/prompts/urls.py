from django.urls import path

from joinedup.prompts import views

app_name = "prompts"
urlpatterns = [
    path("prompts/", views.queue, name="queue"),
    path("prompts/<int:prompt_id>/", views.detail, name="detail"),
]
