"""Modifiers for a visit: GP on therapy codes; XS or 59 on manual therapy done at a site
separate from the dry needling, and a warning when the sites overlap."""

from taut.clinical.modifiers import Line, advise

NEEDLE_NECK = Line("20560", frozenset({"head_neck"}))


def test_manual_therapy_at_another_region_takes_xs():
    advice = advise([NEEDLE_NECK, Line("97140", frozenset({"hip_thigh"}))], gp=False)
    assert advice.modifiers == {"20560": (), "97140": ("XS",)} and advice.warnings == ()


def test_a_payer_without_x_modifiers_gets_59():
    lines = [NEEDLE_NECK, Line("97140", frozenset({"hip_thigh"}))]
    assert advise(lines, gp=False, use_x_modifiers=False).modifiers["97140"] == ("59",)


def test_manual_therapy_in_a_needled_region_gets_no_modifier_and_a_warning():
    advice = advise([NEEDLE_NECK, Line("97140", frozenset({"head_neck"}))], gp=False)
    assert advice.modifiers["97140"] == ()
    assert "bundled" in advice.warnings[0]


def test_manual_therapy_without_a_region_asks_for_one():
    advice = advise([NEEDLE_NECK, Line("97140")], gp=False)
    assert advice.modifiers["97140"] == () and "give the region" in advice.warnings[0]


def test_manual_therapy_without_needling_needs_nothing():
    assert advise([Line("97140"), Line("97110")], gp=False).modifiers == {
        "97140": (),
        "97110": (),
    }


def test_gp_goes_on_every_therapy_code_after_the_site_modifier():
    lines = [NEEDLE_NECK, Line("97140", frozenset({"leg_foot"})), Line("97110"), Line("OWN1")]
    advice = advise(lines, gp=True)
    assert advice.modifiers == {
        "20560": ("GP",),
        "97140": ("XS", "GP"),
        "97110": ("GP",),
        "OWN1": (),
    }
