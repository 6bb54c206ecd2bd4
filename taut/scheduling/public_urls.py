from django.urls import path

from taut.scheduling import public_views as views

app_name = "public"
urlpatterns = [
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/request/", views.request_form, name="request"),
    path("<slug:slug>/request/thanks/", views.thanks, name="thanks"),
    path("<slug:slug>/logo", views.logo, name="logo"),
]
