from django.urls import path

from taut.reference import differential_views, exercise_views, views

app_name = "reference"
urlpatterns = [
    path("", views.muscle_index, name="index"),
    path("muscles/<slug:muscle_id>/", views.muscle_detail, name="muscle"),
    path("regions/<slug:base>/", views.region_detail, name="region"),
    path("exercises/", exercise_views.exercise_library, name="exercises"),
    path("exercises/<str:exercise_id>/", exercise_views.exercise_detail, name="exercise"),
    path("differential/", differential_views.differential_page, name="differential"),
    path("differential/run/", differential_views.differential_run, name="differential_run"),
]
