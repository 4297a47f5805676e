from django.urls import path

from joinedup.encompass import views

app_name = "encompass"
urlpatterns = [
    path("encompass/", views.notification_list, name="list"),
    path("encompass/<int:notification_id>/", views.detail, name="detail"),
    path("encompass/<int:notification_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("encompass/<int:notification_id>/not-ours/", views.not_ours, name="not-ours"),
    path("encompass/<int:notification_id>/send/", views.send, name="send"),
    path("encompass/timeliness/", views.timeliness, name="timeliness"),
    path("people/<int:person_id>/encompass/new/", views.record, name="record"),
]
