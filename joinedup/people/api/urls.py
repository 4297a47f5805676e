from rest_framework.routers import SimpleRouter

from joinedup.people.api.views import PersonViewSet

router = SimpleRouter(trailing_slash=True)
router.register("people", PersonViewSet, basename="person")
urlpatterns = router.urls
