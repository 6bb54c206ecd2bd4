from django.urls import path

from taut.api import views
from taut.api.main import api

app_name = "api"
# The NinjaAPI's own patterns (the endpoints, /api/openapi.json, /api/docs) go straight into
# this namespace, so the docs are reversed as "api:openapi-view".
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    *api.urls[0],
]
