from django.urls import path

from joinedup.inbox import views

app_name = "inbox"
urlpatterns = [
    path("inbox/", views.inbox, name="list"),
    path("inbox/<int:item_id>/", views.item, name="item"),
]
