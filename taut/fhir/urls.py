from django.urls import path

from taut.fhir import views

app_name = "fhir"
urlpatterns = [
    path("patients/<uuid:uuid>/bundle.json", views.patient_download, name="patient_bundle"),
]
