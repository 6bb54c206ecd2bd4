from django.urls import path

from taut.notes import views

app_name = "notes"
urlpatterns = [
    path("<uuid:uuid>/notes/new/", views.note_create, name="create"),
    path("<uuid:uuid>/notes/<int:pk>/", views.note_detail, name="detail"),
]
