from django.urls import path

from taut.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<uuid:uuid>/", views.patient_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.patient_edit, name="edit"),
    path("<uuid:uuid>/chart/", views.patient_chart, name="chart"),
    path("<uuid:uuid>/history/", views.patient_history, name="history"),
    path("<uuid:uuid>/archive/", views.patient_archive, name="archive"),
    path("<uuid:uuid>/restore/", views.patient_restore, name="restore"),
]
