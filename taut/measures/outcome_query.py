"""The outcomes dashboard's counts in one SQL query: each episode's series (pain before
treatment per session, each questionnaire with an important change defined), its baseline and
latest value, whether that change is important under the clinic's rule, and for responders how
many sessions it took; grouped so that the rows returned do not grow with the clinic.

The rule is taut.scoring.mcid.improvement written as SQL, with the same float operations in
the same order, so that both give the same answer; tests/measures/test_outcome_query.py checks
the result against the Python scoring on generated episodes. Runs on PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from taut.measures.models import Source
from taut.scoring import Thresholds
from taut.scoring import wording as licensed
from taut.scoring.mcid import HIGHER_IS_BETTER, TOLERANCE

SESSION_PAIN = "session-pain"


def series_counts(clinic, start: date, end: date, thresholds: Thresholds) -> list[tuple]:
    """(slug, body area, responded 0/1, sessions to the first important change or None, number
    of episodes) for the episodes opened from `start` to `end` with two or more values."""
    from taut.measures.outcomes import measured_instruments

    slugs = [SESSION_PAIN, *measured_instruments()]
    meets, meets_params = important_sql(slugs, thresholds)
    instruments = measured_instruments()
    marks = ", ".join(["%s"] * len(instruments))
    licensed_marks = ", ".join(["%s"] * len(licensed.LICENSED))
    sql = f"""
    WITH ep AS (
        SELECT id, body_area FROM episodes_episode
        WHERE clinic_id = %s AND opened_on >= %s AND opened_on <= %s
    ),
    pts AS (
        SELECT s.episode_id, '{SESSION_PAIN}' AS slug, s.performed_at AS at, s.id AS pk,
               CAST(s.pain_before AS DOUBLE PRECISION) AS value
        FROM treatment_treatmentsession s JOIN ep ON ep.id = s.episode_id
        UNION ALL
        SELECT r.episode_id, r.instrument, r.answered_at, r.id, r.score
        FROM measures_questionnaireresponse r JOIN ep ON ep.id = r.episode_id
        WHERE r.instrument IN ({marks})
          AND NOT (r.source = %s AND r.instrument IN ({licensed_marks}))
    ),
    ranked AS (
        SELECT episode_id, slug, at, value,
               ROW_NUMBER() OVER (PARTITION BY episode_id, slug ORDER BY at, pk) AS n,
               COUNT(*) OVER (PARTITION BY episode_id, slug) AS total,
               FIRST_VALUE(value) OVER (PARTITION BY episode_id, slug ORDER BY at, pk)
                   AS baseline
        FROM pts
    ),
    judged AS (
        SELECT episode_id, slug, at, n, total, {meets} AS meets
        FROM ranked WHERE total >= 2
    ),
    per_episode AS (
        SELECT episode_id, slug, MAX(CASE WHEN n = total THEN meets END) AS responded,
               MIN(CASE WHEN n > 1 AND meets = 1 THEN at END) AS first_met
        FROM judged GROUP BY episode_id, slug
    ),
    needed AS (
        SELECT pe.slug, ep.body_area, pe.responded,
               CASE WHEN pe.responded = 1 THEN (
                   SELECT COUNT(*) FROM treatment_treatmentsession s
                   WHERE s.episode_id = pe.episode_id AND s.performed_at <= pe.first_met
               ) END AS sessions
        FROM per_episode pe JOIN ep ON ep.id = pe.episode_id
    )
    SELECT slug, body_area, responded, sessions, COUNT(*) FROM needed
    GROUP BY slug, body_area, responded, sessions
    """
    params = [clinic.pk, start, end, *instruments, Source.LEGACY, *licensed.LICENSED]
    # The rule's parameters (in the judged CTE) come after the pts ones in the text.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Engineering choice: compiling this query (JIT) took twice as long as running it
            # at 1M sessions (docs/performance.md).
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params + meets_params)
        return [tuple(row) for row in cursor.fetchall()]


def important_sql(slugs: list[str], thresholds: Thresholds) -> tuple[str, list]:
    """A CASE on `slug` giving 1 when the change from `baseline` to `value` is important under
    the slug's rule (as taut.scoring.mcid.improvement decides), else 0."""
    cases, params = [], []
    for slug in slugs:
        name = "nprs" if slug == SESSION_PAIN else slug
        rule = getattr(thresholds, name)
        diff = "(value - baseline)" if name in HIGHER_IS_BETTER else "(baseline - value)"
        met = []
        if rule.points is not None:
            met.append(f"{diff} >= %s")
            params.append(rule.points - TOLERANCE)
        if rule.percent is not None:
            # From a baseline of 0 any improvement is an unbounded relative change.
            met.append(
                f"(CASE WHEN baseline = 0 THEN {diff} > 0 ELSE {diff} / baseline * 100 >= %s END)"
            )
            params.append(rule.percent - TOLERANCE)
        joined = f" {'AND' if rule.combine == 'all' else 'OR'} ".join(met)
        cases.append(f"WHEN '{slug}' THEN CASE WHEN ({joined}) AND {diff} > 0 THEN 1 ELSE 0 END")
    return "CASE slug " + " ".join(cases) + " END", params
