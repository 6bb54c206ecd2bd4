from django.urls import path  # noqa: F401

app_name = "plans"
urlpatterns = []

# taut/urls.py includes these at clinic/plan-rules/ as "plan_rules": the clinic's plan rules.
rules_urlpatterns = []
