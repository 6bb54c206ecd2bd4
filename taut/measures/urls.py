from django.urls import path

from taut.measures import views

app_name = "measures"
urlpatterns = [
    path("", views.response_list, name="list"),
    path("new/<str:instrument>/", views.response_create, name="create"),
    path("<int:pk>/", views.response_detail, name="detail"),
]

# taut/urls.py includes these at patients/<uuid>/progress/ as "progress".
progress_urlpatterns = [
    path("", views.progress, name="patient"),
]
