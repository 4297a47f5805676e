from rest_framework.routers import SimpleRouter

from joinedup.meetings.api.views import MeetingActionViewSet, MeetingViewSet

router = SimpleRouter(trailing_slash=True)
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("meeting-actions", MeetingActionViewSet, basename="meeting-action")
urlpatterns = router.urls
