from django.urls import path

from taut.portal import program_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("program/<int:episode>/", views.program, name="program"),
    path("program/<int:episode>.pdf", views.program_pdf, name="program_pdf"),
    path("intake/", views.intake, name="intake"),
    path("intake/<int:pk>/withdraw/", views.intake_withdraw, name="intake_withdraw"),
    path(
        "questionnaires/<int:episode>/<str:instrument>/",
        views.questionnaire,
        name="questionnaire",
    ),
    path("diary/", views.pain_diary, name="diary"),
]

# taut/urls.py includes these at patients/<uuid>/episodes/<int:episode>/program/ as "program":
# the home exercise program page and PDF, for staff.
program_urlpatterns = [
    path("", program_views.program, name="page"),
    path("program.pdf", program_views.program_pdf, name="pdf"),
]
