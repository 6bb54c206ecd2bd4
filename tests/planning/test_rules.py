"""Loading the plan rules: the defaults load, and a bad file is refused naming the field."""

import pytest
import yaml

from taut.planning import rules
from taut.planning.proposal import propose
from tests.planning.test_proposal import MILD_ACUTE


def default_dict():
    return yaml.safe_load(rules.default_text())


def refused(data) -> str:
    with pytest.raises(rules.RulesError) as caught:
        rules.load(data)
    return str(caught.value)


def test_the_defaults_load_and_every_section_has_a_source():
    r = rules.defaults()
    assert r.pain.moderate_from == 4 and r.pain.severe_from == 7
    for text in (r.pain.source, r.dosing.source, r.fibromyalgia.source, r.reassess.source):
        assert text


def test_a_missing_source_is_refused():
    data = default_dict()
    del data["dosing"]["source"]
    assert refused(data).startswith("dosing.source: every rule needs a source")


def test_a_number_out_of_range_names_its_path():
    data = default_dict()
    data["dosing"]["weeks"]["acute"] = 0
    assert refused(data) == "dosing.weeks.acute: 0 is outside 1 to 26"


def test_a_wrong_choice_lists_the_allowed_values():
    data = default_dict()
    data["soft_tissue"]["default"] = ["cupping"]
    message = refused(data)
    assert message.startswith("soft_tissue.default[0]: 'cupping' is not one of")
    assert "ischaemic" in message


def test_an_unknown_field_is_refused():
    data = default_dict()
    data["dosing"]["visits_a_month"] = 4
    assert refused(data).startswith("dosing.visits_a_month: unknown field")


def test_severe_must_start_above_moderate():
    data = default_dict()
    data["severity"]["pain"]["severe_from"] = 3
    assert refused(data) == "severity.pain.severe_from: must be above moderate_from"


def test_text_that_is_not_yaml_is_refused():
    assert "not valid YAML" in refused("dosing: [unclosed")


def test_a_clinics_rules_change_the_proposal():
    data = default_dict()
    data["dosing"]["visits_per_week"]["mild"] = 2
    data["dosing"]["source"] = "clinic default: our clinic sees mild cases twice a week"
    p = propose(MILD_ACUTE, rules.load(data))
    assert p.visits.value == 6
    assert "twice a week" in p.visits_per_week.why[0]


def test_deeply_nested_text_is_refused_as_a_rules_error_not_a_crash():
    message = refused("[" * 20000)
    assert "nested too deeply" in message


def test_chronicity_counts_days_so_a_part_week_past_the_limit_is_chronic():
    c = rules.defaults().chronicity  # subacute from 6 weeks, chronic after 12
    assert c.of(41) == "acute" and c.of(42) == "subacute"
    assert c.of(84) == "subacute" and c.of(85) == "chronic"
