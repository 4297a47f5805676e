from django.urls import path

from joinedup.cpis.api import AttendancesView, FlagView

urlpatterns = [
    path("people/<int:person_id>/cpis/", FlagView.as_view(), name="cpis-flag"),
    path("cpis/attendances/", AttendancesView.as_view(), name="cpis-attendances"),
]
