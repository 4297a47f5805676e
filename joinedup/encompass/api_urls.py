from rest_framework.routers import SimpleRouter

from joinedup.encompass.api import NotificationViewSet

router = SimpleRouter(trailing_slash=True)
router.register("encompass/notifications", NotificationViewSet, basename="encompass-notification")
urlpatterns = router.urls
