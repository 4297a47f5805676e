"""URL configuration: web pages, the REST API and its OpenAPI schema."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("joinedup.search.urls")),
    path("people/", include("joinedup.people.urls")),
    path("", include("joinedup.casenotes.urls")),
    path("", include("joinedup.language.urls")),
    path("", include("joinedup.linkage.urls")),
    path("", include("joinedup.chronology.urls")),
    path("", include("joinedup.prompts.urls")),
    path("", include("joinedup.places.urls")),
    path("", include("joinedup.contexts.urls")),
    path("", include("joinedup.network.urls")),
    path("", include("joinedup.referrals.urls")),
    path("", include("joinedup.inbox.urls")),
    path("", include("joinedup.sharing.urls")),
    path("", include("joinedup.decisions.urls")),
    path("", include("joinedup.escalations.urls")),
    path("", include("joinedup.meetings.urls")),
    path("", include("joinedup.training.urls")),
    path("", include("joinedup.encompass.urls")),
    path("", include("joinedup.cpis.urls")),
    path("", include("joinedup.cpteams.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("joinedup.people.api.urls")),
    path("api/", include("joinedup.imports.api.urls")),
    path("api/", include("joinedup.language.api.urls")),
    path("api/", include("joinedup.contexts.api_urls")),
    path("api/", include("joinedup.referrals.api_urls")),
    path("api/", include("joinedup.inbox.api_urls")),
    path("api/", include("joinedup.sharing.api_urls")),
    path("api/", include("joinedup.decisions.api_urls")),
    path("api/", include("joinedup.escalations.api_urls")),
    path("api/", include("joinedup.meetings.api_urls")),
    path("api/", include("joinedup.training.api_urls")),
    path("api/", include("joinedup.encompass.api_urls")),
    path("api/", include("joinedup.cpis.api_urls")),
    path("api/", include("joinedup.cpteams.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
