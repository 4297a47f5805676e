from django.urls import path

from joinedup.cpteams import views

app_name = "cpteams"
urlpatterns = [
    path("cp-teams/", views.team_list, name="list"),
    path("cp-teams/new/", views.new_team, name="new-team"),
    path("cp-teams/<int:team_id>/", views.team, name="team"),
    path("cp-teams/<int:team_id>/members/", views.add_member, name="add-member"),
    path("cp-teams/<int:team_id>/members/end/", views.end_member, name="end-member"),
    path("people/<int:person_id>/section-47/new/", views.new_enquiry, name="new-enquiry"),
    path("section-47/<int:enquiry_id>/", views.enquiry, name="enquiry"),
    path("section-47/<int:enquiry_id>/tasks/", views.add_task, name="add-task"),
    path("section-47/<int:enquiry_id>/outcome/", views.outcome, name="outcome"),
    path("section-47/tasks/<int:task_id>/done/", views.complete, name="complete"),
]
