from django.contrib.auth import views as auth_views
from django.urls import path

from taut.accounts import second_factor_views as two_step
from taut.accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("clinic/switch/", views.switch_clinic, name="switch_clinic"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", two_step.verify, name="second_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/two-step/", two_step.overview, name="second_factor"),
    path("account/two-step/app/", two_step.add_app, name="second_factor_app_add"),
    path("account/two-step/app/confirm/", two_step.confirm_app, name="second_factor_app_confirm"),
    path("account/two-step/codes/", two_step.new_codes, name="second_factor_codes"),
    path("account/two-step/clinic/", two_step.clinic_policy, name="second_factor_policy"),
    path(
        "account/two-step/<str:kind>/<int:pk>/remove/",
        two_step.remove,
        name="second_factor_remove",
    ),  # fmt: skip
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
