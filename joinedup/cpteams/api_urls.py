from rest_framework.routers import SimpleRouter

from joinedup.cpteams.api import EnquiryViewSet, TeamViewSet

router = SimpleRouter(trailing_slash=True)
router.register("cp-teams", TeamViewSet, basename="cp-team")
router.register("section-47-enquiries", EnquiryViewSet, basename="section-47-enquiry")
urlpatterns = router.urls
