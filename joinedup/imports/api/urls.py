from django.urls import path

from joinedup.imports.api.views import RecordPushView

urlpatterns = [path("imports/<str:kind>/", RecordPushView.as_view(), name="record-push")]
