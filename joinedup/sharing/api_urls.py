from django.urls import path
from rest_framework.routers import SimpleRouter

from joinedup.sharing.api import AgencyRequestViewSet, SharingReportView, WithholdViewSet

router = SimpleRouter(trailing_slash=True)
router.register("sharing/withholds", WithholdViewSet, basename="withhold-decision")
router.register("sharing/requests", AgencyRequestViewSet, basename="agency-request")
urlpatterns = [path("sharing/report/", SharingReportView.as_view(), name="sharing-report"), *router.urls]
