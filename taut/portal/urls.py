from django.urls import path

from taut.portal import booking_views, invitation_views, join_views, program_views, views

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
    path("appointments/", booking_views.appointments, name="appointments"),
    path("appointments/book/<int:record>/", booking_views.book, name="book"),
    path("appointments/<int:pk>/cancel/", booking_views.cancel, name="cancel"),
    path("join/<str:token>/", join_views.join, name="join"),
    path("code/", join_views.enter_code, name="code"),
]

# taut/urls.py includes these at patients/<uuid>/episodes/<int:episode>/program/ as "program":
# the home exercise program page and PDF, for staff.
program_urlpatterns = [
    path("", program_views.program, name="page"),
    path("program.pdf", program_views.program_pdf, name="pdf"),
]

# taut/urls.py includes these at patients/<uuid>/portal/ as "invitations": staff invite a
# patient to the portal.
invitation_urlpatterns = [
    path("invite/", invitation_views.invite, name="invite"),
    path("code/", invitation_views.print_code, name="print_code"),
    path("<int:pk>/resend/", invitation_views.resend, name="resend"),
    path("<int:pk>/revoke/", invitation_views.revoke, name="revoke"),
]
