from django.urls import include, path

from taut.audit import views as audit_views

urlpatterns = [
    path("", include("taut.accounts.urls")),
    path("patients/", include("taut.patients.urls")),
    path("patients/", include("taut.notes.urls")),
    path("reference/", include("taut.reference.urls")),
    path("audit/", audit_views.audit_log, name="audit_log"),
]
