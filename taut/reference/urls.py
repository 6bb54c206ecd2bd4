from django.urls import path

from taut.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.muscle_index, name="index"),
    path("muscles/<slug:muscle_id>/", views.muscle_detail, name="muscle"),
    path("regions/<slug:base>/", views.region_detail, name="region"),
]
