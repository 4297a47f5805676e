from django.urls import path

from joinedup.referrals import views

app_name = "referrals"
urlpatterns = [
    path("people/<int:person_id>/refer/", views.new, name="new"),
    path("referrals/mine/", views.mine, name="mine"),
    path("referrals/mash/", views.queue, name="queue"),
    path("referrals/<int:referral_id>/", views.detail, name="detail"),
    path("referrals/<int:referral_id>/pick-up/", views.pick_up, name="pick-up"),
    path("referrals/<int:referral_id>/decision/", views.decide, name="decide"),
    path("referrals/<int:referral_id>/feedback/", views.feedback, name="feedback"),
]
