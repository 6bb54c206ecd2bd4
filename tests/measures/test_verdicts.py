"""The plain-language verdicts, word for word: responder, not yet, worse, at the threshold,
combined rules and a clinic's own threshold."""

from django.test import TestCase

from taut.measures.instruments import SPECS
from taut.measures.models import OutcomeThreshold, thresholds_for
from taut.measures.verdicts import baseline, change
from taut.scoring import DEFAULT, Rule
from tests.factories import make_clinic


def test_an_ndi_responder():
    verdict = change(SPECS["ndi"], 44.0, 22.0, DEFAULT)
    assert verdict.status == "responder"
    assert verdict.text == (
        "Responder: NDI improved by 22 points (from 44% to 22%), more than the 19 points that "
        "count as an important change (Cleland 2008)."
    )


def test_an_ndi_non_responder():
    verdict = change(SPECS["ndi"], 44.0, 38.0, DEFAULT)
    assert verdict.status == "not-yet"
    assert verdict.text == (
        "Not yet a responder: NDI improved by 6 points (from 44% to 38%); an improvement of at "
        "least 19 points counts as an important change (Cleland 2008)."
    )


def test_a_worse_score_says_so():
    text = change(SPECS["ndi"], 40.0, 46.0, DEFAULT).text
    assert text.startswith("Not yet a responder: NDI worsened by 6 points (from 40% to 46%)")


def test_no_change():
    assert "NDI has not changed (from 40% to 40%)" in change(SPECS["ndi"], 40, 40, DEFAULT).text


def test_exactly_the_threshold_is_at_least_not_more_than():
    verdict = change(SPECS["ndi"], 44.0, 25.0, DEFAULT)
    assert verdict.status == "responder" and "at least the 19 points" in verdict.text


def test_nprs_takes_2_points_or_30_percent_farrar_2001():
    """Farrar 2001: 9 to 7 is 2 points though only 22%, and that is enough."""
    verdict = change(SPECS["nprs"], 9, 7, DEFAULT)
    assert verdict.text == (
        "Responder: NPRS improved by 2 points (from 9/10 to 7/10, 22.2% better), at least the "
        "2 points or 30% that count as an important change (Farrar 2001)."
    )
    verdict = change(SPECS["nprs"], 6, 5, DEFAULT)
    assert verdict.status != "responder"


def test_odi_takes_either_criterion():
    verdict = change(SPECS["odi"], 20.0, 13.0, DEFAULT)  # 7 points, 35%
    assert verdict.status == "responder"
    assert "more than the 10 points or 30% that count" in verdict.text


def test_fiqr_is_a_percent_of_baseline():
    verdict = change(SPECS["fiqr"], 50.0, 40.0, DEFAULT)  # 20% better
    assert verdict.text == (
        "Responder: FIQR improved by 10 points (from 50/100 to 40/100, 20% better), more than "
        "the 14% that counts as an important change (Bennett 2009)."
    )


def test_psfs_higher_is_better():
    verdict = change(SPECS["psfs"], 3.0, 6.5, DEFAULT)
    assert verdict.status == "responder"
    assert verdict.text.startswith("Responder: PSFS improved by 3.5 points (from 3/10 to 6.5/10)")
    assert change(SPECS["psfs"], 6.0, 3.0, DEFAULT).text.startswith(
        "Not yet a responder: PSFS worsened by 3 points"
    )


def test_one_measurement_is_a_baseline():
    assert baseline(SPECS["ndi"], 44.0, "2026-03-02").text == (
        "Baseline only: NDI 44% on 2026-03-02. Measure again at a later visit to see the change."
    )


class ClinicThresholdTests(TestCase):
    def test_a_clinics_own_threshold_replaces_the_default_and_is_named(self):
        clinic = make_clinic("Harbour")
        assert thresholds_for(clinic) == DEFAULT
        OutcomeThreshold.objects.create(clinic=clinic, instrument="ndi", points=5)
        thresholds = thresholds_for(clinic)
        assert thresholds.ndi == Rule(points=5) and thresholds.odi == DEFAULT.odi
        verdict = change(SPECS["ndi"], 44.0, 38.0, thresholds)
        assert verdict.status == "responder"
        assert verdict.text.endswith("as an important change (this clinic's threshold).")
        assert thresholds_for(make_clinic("Elsewhere")) == DEFAULT
