from django.urls import path

from joinedup.casenotes import views

app_name = "casenotes"
urlpatterns = [path("people/<int:person_id>/notes/new/", views.new_note, name="new")]
