from django.urls import path

from joinedup.contexts import casework_views, views

app_name = "contexts"
urlpatterns = [
    path("contexts/", views.context_list, name="list"),
    path("contexts/refer/", views.refer_context, name="refer"),
    path("contexts/<int:context_id>/", views.context_detail, name="detail"),
    path("contexts/<int:context_id>/assessments/new/", casework_views.assess, name="assess"),
    path("contexts/assessments/<int:assessment_id>/", casework_views.assessment_detail, name="assessment"),
    path("contexts/<int:context_id>/plan/new/", casework_views.plan_new, name="plan-new"),
    path("contexts/plans/<int:plan_id>/actions/new/", casework_views.action_new, name="action-new"),
    path("contexts/actions/<int:action_id>/update/", casework_views.action_update, name="action-update"),
    path("contexts/plans/<int:plan_id>/reviews/new/", casework_views.review_new, name="review-new"),
    path("contexts/conferences/new/", casework_views.conference_new, name="conference-new"),
    path("contexts/conferences/<int:conference_id>/", casework_views.conference_detail, name="conference"),
    path("contexts/conferences/<int:conference_id>/weighting/", casework_views.weighting, name="weighting"),
]
