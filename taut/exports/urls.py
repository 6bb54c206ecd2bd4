from django.urls import path

from taut.exports import views

app_name = "exports"
urlpatterns = [path("", views.index, name="index")]
