from django.urls import path

from taut.intake import views

app_name = "intake"
urlpatterns = [
    path("new/", views.intake_create, name="create"),
    path("<int:pk>/", views.intake_detail, name="detail"),
    path("<int:pk>/withdraw/", views.intake_withdraw, name="withdraw"),
]
