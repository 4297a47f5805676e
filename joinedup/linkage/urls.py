from django.urls import path

from joinedup.linkage import views

app_name = "linkage"
urlpatterns = [
    path("linkage/review/", views.queue, name="queue"),
    path("linkage/review/<int:item_id>/", views.item, name="item"),
    path("linkage/model/", views.model, name="model"),
    path("linkage/persons/<int:person_id>/split/", views.split, name="split"),
]
