from rest_framework.routers import SimpleRouter

from joinedup.inbox.api import InboxViewSet

router = SimpleRouter(trailing_slash=True)
router.register("inbox", InboxViewSet, basename="inbox-item")
urlpatterns = router.urls
