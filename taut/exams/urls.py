from django.urls import path

from taut.exams import views

app_name = "exams"
urlpatterns = [
    path("new/", views.assessment_create, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/history/", views.assessment_history, name="history"),
    path("<int:pk>/findings/", views.finding_save, name="finding_save"),
    path("<int:pk>/findings/<int:finding>/remove/", views.finding_remove, name="finding_remove"),
    path("<int:pk>/rom/", views.rom_add, name="rom_add"),
    path("<int:pk>/rom/<int:row>/remove/", views.rom_remove, name="rom_remove"),
    path("<int:pk>/diagnoses/", views.diagnoses_save, name="diagnoses_save"),
    path("<int:pk>/note/", views.note_save, name="note_save"),
    path("<int:pk>/sign/", views.assessment_sign, name="sign"),
]

# The clinic's own normal values; taut/urls.py includes these at clinic/rom-norms/ as "norms".
clinic_urlpatterns = [
    path("", views.rom_norms, name="rom_norms"),
    path("<slug:movement>/revert/", views.rom_norm_revert, name="revert"),
]
