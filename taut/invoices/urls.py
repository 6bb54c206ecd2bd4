from django.urls import path

from taut.invoices import clinic_views, correction_views, document_views, views

app_name = "invoices"
urlpatterns = [
    path("", views.home, name="home"),
    path("from-session/<str:session>/", views.from_session, name="from_session"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lines/", views.lines_save, name="lines_save"),
    path("<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/pay/", views.pay, name="pay"),
    path("<int:pk>/payments/<int:payment>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/payments/<int:payment>/refund/", correction_views.refund, name="refund"),
    path("<int:pk>/credit/", correction_views.credit, name="credit"),
    path("<int:pk>/credit-notes/<int:note>/", correction_views.credit_note, name="credit_note"),
    path("<int:pk>/superbill.pdf", document_views.superbill, name="superbill"),
    path("report/", document_views.report, name="report"),
    path("fees/", clinic_views.fees, name="fees"),
    path("settings/", clinic_views.billing_settings, name="settings"),
    path("patients/<uuid:uuid>/payer/", clinic_views.coverage, name="coverage"),
]
