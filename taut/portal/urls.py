from django.urls import path  # noqa: F401

app_name = "portal"
urlpatterns = []

# taut/urls.py includes these at patients/<uuid>/episodes/<int:episode>/program/ as "program":
# the home exercise program page and PDF, for staff.
program_urlpatterns = []
