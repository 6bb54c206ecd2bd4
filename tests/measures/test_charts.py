"""The chart module: an accessible SVG (role img, title, desc), the numbers as a table, lines
that stay apart in print, and text escaped."""

from datetime import date, datetime

from taut.measures.charts import Chart, Guide, Series, nice_top, number


def chart(**fields) -> Chart:
    defaults = dict(
        slug="chart-ndi", title="NDI over time", description="From 44% to 22%.",
        y_label="Score (0-100)", y_range=(0, 100),
        series=(Series("NDI", ((date(2026, 3, 2), 44.0), (date(2026, 4, 6), 22.0))),),
        guides=(Guide(25.0, "Important change: 25% or less"),), unit="%",
    )  # fmt: skip
    return Chart(**{**defaults, **fields})


def test_the_svg_is_an_image_with_a_title_and_a_description():
    svg = chart().svg()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="chart-ndi-title chart-ndi-desc"' in svg
    assert '<title id="chart-ndi-title">NDI over time</title>' in svg
    assert '<desc id="chart-ndi-desc">From 44% to 22%.</desc>' in svg


def test_the_guide_is_a_dashed_labelled_line():
    svg = chart().svg()
    assert 'class="guide"' in svg and 'stroke-dasharray="5 4"' in svg
    assert "Important change: 25% or less" in svg


def test_the_table_has_a_row_per_date_and_a_column_per_series():
    two = chart(
        series=(
            Series("Before", ((date(2026, 3, 2), 7), (date(2026, 3, 9), 5))),
            Series("After", ((date(2026, 3, 9), 3),)),
        )
    )
    header, rows = two.table()
    assert header == ["Date", "Before: score (0-100)", "After: score (0-100)"]
    assert rows == [["2026-03-02", "7%", ""], ["2026-03-09", "5%", "3%"]]


def test_series_differ_by_dash_and_marker_not_only_colour():
    svg = chart(
        series=(Series("A", ((date(2026, 1, 1), 1),)), Series("B", ((date(2026, 1, 2), 2),)))
    ).svg()
    assert "<circle" in svg and "<rect" in svg and 'stroke-dasharray="6 4"' in svg


def test_text_is_escaped():
    svg = chart(title="<script>", description="a & b").svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_a_single_date_and_datetimes_are_drawn():
    one = chart(series=(Series("NDI", ((datetime(2026, 3, 2, 9, 0), 44.0),)),), guides=())
    assert "<circle" in one.svg() and one.table()[1] == [["2026-03-02", "44%"]]


def test_an_empty_chart_still_renders():
    assert "</svg>" in chart(series=(Series("NDI", ()),)).svg()


def test_numbers_round_for_display_only():
    assert (number(46.666), number(22.0), number(0.04)) == ("46.7", "22", "0")
    assert (nice_top(13, 5), nice_top(0, 5), nice_top(40, 20)) == (15, 5, 40)
