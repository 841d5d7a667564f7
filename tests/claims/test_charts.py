"""The dispute page's bar charts (``claims.public.charts.chart_of``): one bar
per figure on one scale from zero, a range drawn from its minimum, denials
left to the table, and no chart when nothing is above zero."""

from decimal import Decimal

import pytest

from claims.domain.disputes import NONE_CLAIMED, FigureRow, Quantity
from claims.models import Claim, Figure, Speaker
from claims.public.charts import CHART_BAR_SPACE, CHART_LABEL_WIDTH, CHART_ROW, chart_of

Stance = Claim.DisputeStance


def claim(name: str = "Ministry of Health", stance: str = Stance.AFFIRMS) -> Claim:
    # Unsaved: the chart reads only the speaker's name and the stance.
    return Claim(speaker=Speaker(name=name), dispute_stance=stance)


def row(value=None, *, minimum=None, maximum=None, **claim_fields) -> FigureRow:
    figure = Figure(counted="civilians killed", value=value, minimum=minimum, maximum=maximum)
    return FigureRow(claim(**claim_fields), figure.display_value, figure, None)


def denial(name: str = "Army") -> FigureRow:
    return FigureRow(claim(name, Stance.DENIES), NONE_CLAIMED, None, None)


def test_bars_share_one_scale_from_zero_and_a_range_starts_at_its_minimum():
    quantity = Quantity(
        "civilians killed",
        [row(Decimal(40), name="High"), row(minimum=Decimal(10), maximum=Decimal(20), name="Range")],
    )
    chart = chart_of(quantity)
    assert chart.title == "Civilians killed, by who claims it"
    high, ranged = chart.bars
    assert (high.x, high.width, high.is_range) == (CHART_LABEL_WIDTH, CHART_BAR_SPACE, False)
    assert ranged.x == CHART_LABEL_WIDTH + CHART_BAR_SPACE // 4
    assert ranged.width == CHART_BAR_SPACE // 4
    assert ranged.is_range
    assert [bar.y for bar in chart.bars] == [4, 4 + CHART_ROW]
    assert chart.height == 2 * CHART_ROW + 8


def test_denials_are_left_to_the_table_and_stances_colour_the_bars():
    chart = chart_of(Quantity("killed", [denial(), row(Decimal(36), stance="")]))
    assert len(chart.bars) == 1
    assert chart.bars[0].stance == Stance.OTHER  # a stance never set is drawn as "neither"


def test_long_names_are_cut_to_fit_the_label_column():
    name = "The Syrian Observatory for Human Rights, London"
    (bar,) = chart_of(Quantity("killed", [row(Decimal(36), name=name)])).bars
    assert bar.label == name[:27] + "…"
    assert len(bar.label) == 28


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(lambda: [], id="no rows"),
        pytest.param(lambda: [denial(), denial("Another army")], id="denials only"),
        pytest.param(
            lambda: [row(Decimal(0)), row(minimum=Decimal(0), maximum=Decimal(0), name="Range")], id="zero"
        ),
    ],
)
def test_no_chart_without_a_figure_above_zero(rows):
    assert chart_of(Quantity("killed", rows())) is None
