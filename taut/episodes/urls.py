from django.urls import path

from taut.episodes import views

app_name = "episodes"
urlpatterns = [
    path("", views.episode_list, name="list"),
    path("new/", views.episode_create, name="create"),
    path("<int:episode>/", views.episode_detail, name="detail"),
    path("<int:episode>/discharge/", views.episode_discharge, name="discharge"),
    path("<int:episode>/consent/", views.consent_create, name="consent"),
    path("<int:episode>/red-flags/", views.red_flag_decision, name="red_flags"),
    path("<int:episode>/consent/versions/", views.consent_text_create, name="consent_text"),
    path(
        "<int:episode>/consent/<int:pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
