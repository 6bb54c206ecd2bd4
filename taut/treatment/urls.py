from django.urls import path

from taut.notes import session_views
from taut.treatment import views

app_name = "treatment"
urlpatterns = [
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/history/", views.session_history, name="history"),
    path("<int:pk>/note/", session_views.note_save, name="note_save"),
    path("<int:pk>/note/sign/", session_views.note_sign, name="note_sign"),
    path("<int:pk>/note/addendum/", session_views.note_addendum, name="note_addendum"),
]

# The clinic's billing lines; taut/urls.py includes these at billing/ as "billing".
billing_urlpatterns = [path("export.csv", views.billing_export, name="export")]
