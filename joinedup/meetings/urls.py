from django.urls import path

from joinedup.meetings import views

app_name = "meetings"
urlpatterns = [
    path("people/<int:person_id>/meetings/", views.person_meetings, name="person"),
    path("people/<int:person_id>/meetings/new/", views.new_meeting, name="new"),
    path("meetings/<int:meeting_id>/", views.detail, name="detail"),
    path("meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/invite/", views.invite, name="invite"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/circulate/", views.circulate, name="circulate"),
    path("meetings/<int:meeting_id>/decisions/", views.decision, name="decision"),
    path("meetings/<int:meeting_id>/actions/", views.add_action, name="add-action"),
    path("meetings/actions/<int:action_id>/complete/", views.complete, name="complete"),
    path("meetings/actions/", views.my_actions, name="mine"),
]
