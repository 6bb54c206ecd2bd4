from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taut.accounts.forms import LoginForm
from taut.clinics import access
from taut.clinics.middleware import SESSION_KEY
from taut.clinics.models import Membership
from taut.clinics.roles import Role


@login_required
def home(request):
    """The front desk lands on today's day sheet, other staff on their clinic's patients,
    patients on their portal page."""
    if request.clinic is not None:
        if Role.FRONT_DESK in request.roles and Role.CLINICIAN not in request.roles:
            return redirect("schedule:day_sheet")
        return redirect("patients:list")
    if access.own_patients(request).exists():
        return redirect("portal:home")
    return render(request, "accounts/no_access.html", status=403)


@login_required
@require_POST
def switch_clinic(request):
    clinic_id = request.POST.get("clinic", "")
    mine = Membership.objects.filter(user=request.user, is_active=True)
    if not clinic_id.isdigit() or not mine.filter(clinic_id=int(clinic_id)).exists():
        raise Http404("Not one of your clinics.")
    request.session[SESSION_KEY] = int(clinic_id)
    return redirect("home")


class LoginView(auth_views.LoginView):
    """Django's login, answering 429 while the address is throttled (see LoginForm)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
        return response
