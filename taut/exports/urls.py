from django.urls import path

from taut.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("files/<uuid:pk>/", views.download, name="download"),
    path("files/<uuid:pk>/delete/", views.delete, name="delete"),
]
