from rest_framework.routers import SimpleRouter

from joinedup.referrals.api import ReferralViewSet

router = SimpleRouter(trailing_slash=True)
router.register("referrals", ReferralViewSet, basename="referral")
urlpatterns = router.urls
