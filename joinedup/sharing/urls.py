from django.urls import path

from joinedup.sharing import views

app_name = "sharing"
urlpatterns = [
    path("people/<int:person_id>/withhold/", views.withhold, name="withhold"),
    path("people/<int:person_id>/ask-an-agency/", views.new_request, name="request-new"),
    path("sharing/requests/", views.requests, name="requests"),
    path("sharing/requests/<int:request_id>/", views.request_detail, name="request"),
    path("sharing/withheld/", views.withheld_list, name="withheld"),
    path("sharing/report/", views.report, name="report"),
]
