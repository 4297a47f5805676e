from django.urls import path

from joinedup.escalations import views

app_name = "escalations"
urlpatterns = [
    path("people/<int:person_id>/escalations/new/", views.new, name="new"),
    path("escalations/", views.escalation_list, name="list"),
    path("escalations/partnership/", views.partnership_view, name="partnership"),
    path("escalations/<int:escalation_id>/", views.detail, name="detail"),
    path("escalations/<int:escalation_id>/respond/", views.respond, name="respond"),
    path("escalations/<int:escalation_id>/next-stage/", views.next_stage, name="next-stage"),
    path("escalations/<int:escalation_id>/resolve/", views.resolve, name="resolve"),
    path("escalations/<int:escalation_id>/close/", views.close, name="close"),
    path("escalations/<int:escalation_id>/outcome/", views.record_outcome, name="outcome"),
]
