from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    verbose_name = "Referrals to the MASH, its decisions and feedback to referrers"

    def ready(self):
        from joinedup.core.navigation import register_nav_link, register_person_link
        from joinedup.referrals import chronology, deadlines, prompt_facts
        from joinedup.referrals.selectors import may_decide, may_refer

        register_nav_link("My referrals", "referrals:mine", order=20, visible=may_refer)
        register_nav_link("MASH referrals", "referrals:queue", order=20, visible=may_decide)
        register_person_link("Make a referral", "referrals:new", order=10,
                             visible=lambda user, person: person.person_type == "child" and may_refer(user))
        chronology.register()
        deadlines.register()
        prompt_facts.register()
