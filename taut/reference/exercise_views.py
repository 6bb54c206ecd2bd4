"""The exercise library pages: every self-care exercise with its picture, dosage and sources,
filtered by kind, muscle or words; and one exercise on its own page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from taut.clinics import access
from taut.clinics.roles import Capability
from taut.kb.catalog import SELF_CARE_KINDS
from taut.kb.exercises import KIND_NAMES, library, picture_svg

MUSCLES_PER_PAGE = 12  # each muscle brings a body figure; keep the page light


class ExerciseFilter(forms.Form):
    q = forms.CharField(label="Search", max_length=100, required=False, strip=True)
    kind = forms.ChoiceField(label="Kind", required=False)
    muscle = forms.ChoiceField(label="Muscle", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lib = library()
        self.fields["kind"].choices = [("", "All kinds")] + [
            (k, KIND_NAMES[k]) for k in SELF_CARE_KINDS
        ]
        muscles = [(m.id, m.name) for m in lib.catalog.muscles]
        wholes = [(k, f"{name} (all parts)") for k, name in lib.whole_muscles().items()]
        self.fields["muscle"].choices = [("", "All muscles")] + sorted(
            muscles + wholes, key=lambda c: c[1].casefold()
        )


@login_required
def exercise_library(request):
    """The library, one card per muscle with its picture and its exercises."""
    access.require(request, Capability.USE_REFERENCE)
    form = ExerciseFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = library().find(
        filters.get("q", ""), kind=filters.get("kind", ""), muscle=filters.get("muscle", "")
    )
    groups: dict[str, list] = {}
    for ex in found:
        groups.setdefault(ex.muscle_id, []).append(ex)
    page = Paginator(list(groups.items()), MUSCLES_PER_PAGE).get_page(request.GET.get("page"))
    cards = [
        {
            "muscle": library().catalog.muscle(muscle_id),
            "picture": mark_safe(picture_svg(muscle_id, id_prefix="lib-")),
            "exercises": exercises,
        }
        for muscle_id, exercises in page.object_list
    ]
    return render(
        request,
        "reference/exercises.html",
        {
            "form": form,
            "cards": cards,
            "page": page,
            "count": len(found),
            "kinds": KIND_NAMES,
        },
    )


@login_required
def exercise_detail(request, exercise_id):
    access.require(request, Capability.USE_REFERENCE)
    lib = library()
    try:
        ex = lib.get(exercise_id)
    except KeyError:
        raise Http404("No such exercise.") from None
    others = [e for e in lib.of_muscle(ex.muscle_id) if e.id != ex.id]
    return render(
        request,
        "reference/exercise.html",
        {
            "ex": ex,
            "muscle": lib.catalog.muscle(ex.muscle_id),
            "picture": mark_safe(picture_svg(ex.id)),
            "others": others,
            "kinds": KIND_NAMES,
        },
    )
