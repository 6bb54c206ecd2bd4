from django.urls import path

from taut.plans import rules_views, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_detail, name="detail"),
    path("proposal/", views.proposal, name="proposal"),
    path("edit/", views.plan_edit, name="edit"),
    path("v/<int:version>/", views.plan_version, name="version"),
]

# taut/urls.py includes these at clinic/plan-rules/ as "plan_rules": the clinic's plan rules.
rules_urlpatterns = [
    path("", rules_views.rules_page, name="edit"),
    path("reset/", rules_views.rules_reset, name="reset"),
]
