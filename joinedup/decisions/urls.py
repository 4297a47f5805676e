from django.urls import path

from joinedup.decisions import views

app_name = "decisions"
urlpatterns = [
    path("people/<int:person_id>/decisions/new/", views.new, name="new"),
    path("decisions/", views.decision_list, name="list"),
    path("decisions/<int:decision_id>/", views.detail, name="detail"),
    path("decisions/<int:decision_id>/sign-off/", views.sign, name="sign-off"),
]
