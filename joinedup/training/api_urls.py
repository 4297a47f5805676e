from django.urls import path

from joinedup.training.api import views

urlpatterns = [
    path("training/compliance/", views.ComplianceView.as_view(), name="training-compliance"),
    path("training/compliance/<slug:code>/", views.AgencyLearnersView.as_view(), name="training-agency-compliance"),
    path("training/learners/", views.LearnersView.as_view(), name="training-learners"),
    path("training/attendance/", views.AttendanceView.as_view(), name="training-attendance"),
]
