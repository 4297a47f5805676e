from rest_framework.routers import SimpleRouter

from joinedup.contexts.api_views import ContextViewSet

router = SimpleRouter(trailing_slash=True)
router.register("contexts", ContextViewSet, basename="context")
urlpatterns = router.urls
