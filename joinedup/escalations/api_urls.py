from rest_framework.routers import SimpleRouter

from joinedup.escalations.api import EscalationViewSet

router = SimpleRouter(trailing_slash=True)
router.register("escalations", EscalationViewSet, basename="escalation")
urlpatterns = router.urls
