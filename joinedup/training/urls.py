from django.urls import path

from joinedup.training import views

app_name = "training"
urlpatterns = [
    path("training/", views.home, name="home"),
    path("training/agencies/<int:agency_id>/", views.agency, name="agency"),
    path("training/attendance/", views.record, name="record"),
    path("training/learners/new/", views.add_learner, name="add-learner"),
    path("training/courses/", views.courses, name="courses"),
]
