from rest_framework.routers import SimpleRouter

from joinedup.decisions.api import CaseDecisionViewSet

router = SimpleRouter(trailing_slash=True)
router.register("decisions", CaseDecisionViewSet, basename="case-decision")
urlpatterns = router.urls
