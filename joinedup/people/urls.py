from django.urls import path

from joinedup.people import household_views, views

app_name = "people"
urlpatterns = [
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/access-log/", views.access_log, name="access-log"),
    path("households/<int:household_id>/", household_views.household_detail, name="household"),
    path("<int:person_id>/household/members/<int:member_id>/confirm/", household_views.confirm_member,
         name="household-confirm"),
    path("<int:person_id>/household/members/<int:member_id>/end/", household_views.end_member, name="household-end"),
    path("<int:person_id>/household/<int:household_id>/add/", household_views.add_member, name="household-add"),
    path("<int:person_id>/relationships/<int:rel_id>/correct/", household_views.correct_relationship,
         name="relationship-correct"),
    path("<int:person_id>/relationships/add/", household_views.add_relationship, name="relationship-add"),
]
