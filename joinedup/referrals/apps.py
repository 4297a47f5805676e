from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    verbose_name = "Referrals to the MASH, its decisions and feedback to referrers"
