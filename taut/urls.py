from django.urls import include, path

from taut.accounts.passkey_views import AuditedPasskeyCheck
from taut.audit import views as audit_views
from taut.exams.urls import clinic_urlpatterns as rom_norm_urls
from taut.measures.urls import dashboard_urlpatterns as outcome_urls
from taut.measures.urls import progress_urlpatterns as progress_urls
from taut.measures.urls import wording_urlpatterns as wording_urls
from taut.plans.urls import rules_urlpatterns as plan_rule_urls
from taut.portal.urls import invitation_urlpatterns as invitation_urls
from taut.portal.urls import program_urlpatterns as program_urls
from taut.treatment.urls import billing_urlpatterns as billing_urls

urlpatterns = [
    path("", include("taut.accounts.urls")),
    # The library's own route, answered by a subclass that audits the check (listed first).
    path("webauthn/authentication/complete/", AuditedPasskeyCheck.as_view()),
    path("webauthn/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("patients/", include("taut.patients.urls")),
    path("patients/", include("taut.notes.urls")),
    path("patients/<uuid:uuid>/episodes/", include("taut.episodes.urls")),
    path("patients/<uuid:uuid>/episodes/<int:episode>/intake/", include("taut.intake.urls")),
    path("patients/<uuid:uuid>/episodes/<int:episode>/assessments/", include("taut.exams.urls")),
    path("patients/<uuid:uuid>/episodes/<int:episode>/sessions/", include("taut.treatment.urls")),
    path("patients/<uuid:uuid>/episodes/<int:episode>/measures/", include("taut.measures.urls")),
    path("patients/<uuid:uuid>/episodes/<int:episode>/plan/", include("taut.plans.urls")),
    path(
        "patients/<uuid:uuid>/episodes/<int:episode>/program/", include((program_urls, "program"))
    ),
    path("patients/<uuid:uuid>/progress/", include((progress_urls, "progress"))),
    path("patients/<uuid:uuid>/portal/", include((invitation_urls, "invitations"))),
    path("reference/", include("taut.reference.urls")),
    path("my/", include("taut.portal.urls")),
    path("schedule/", include("taut.scheduling.urls")),
    path("c/", include("taut.scheduling.public_urls")),
    path("api/", include("taut.api.urls")),
    path("fhir/", include("taut.fhir.urls")),
    path("exports/", include("taut.exports.urls")),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("clinic/rom-norms/", include((rom_norm_urls, "norms"))),
    path("clinic/plan-rules/", include((plan_rule_urls, "plan_rules"))),
    path("clinic/questionnaires/", include((wording_urls, "wordings"))),
    path("billing/", include((billing_urls, "billing"))),
    path("invoices/", include("taut.invoices.urls")),
    path("outcomes/", include((outcome_urls, "outcomes"))),
]
