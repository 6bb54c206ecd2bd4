from django.urls import path

from taut.measures import dashboard_views, summary_views, views, wording_views

app_name = "measures"
urlpatterns = [
    path("", views.response_list, name="list"),
    path("new/<str:instrument>/", views.response_create, name="create"),
    path("<int:pk>/", views.response_detail, name="detail"),
    path("<int:pk>/from-paper/", views.mark_from_paper, name="from_paper"),
    path("summary/", summary_views.summary, name="summary"),
    path("summary.pdf", summary_views.summary_pdf, name="summary_pdf"),
]

# taut/urls.py includes these at patients/<uuid>/progress/ as "progress".
progress_urlpatterns = [
    path("", views.progress, name="patient"),
]

# taut/urls.py includes these at outcomes/ as "outcomes": the clinic's outcomes dashboard.
dashboard_urlpatterns = [path("", dashboard_views.dashboard, name="dashboard")]

# taut/urls.py includes these at clinic/questionnaires/ as "wordings": the clinic's licensed
# questionnaire wording.
wording_urlpatterns = [
    path("", wording_views.wording_list, name="list"),
    path("<str:instrument>/", wording_views.wording_detail, name="detail"),
    path("<str:instrument>/template.yaml", wording_views.wording_template, name="template"),
]
