from django.urls import path

from joinedup.language.api.views import LanguageCheckView

urlpatterns = [path("language/check/", LanguageCheckView.as_view(), name="language-check")]
