"""The dispute page's bar charts of the figures claimed for one quantity:
geometry only, drawn as SVG by the template."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.domain.disputes import Quantity
from claims.models import Claim, Figure

# The chart's geometry, in SVG user units; the SVG scales to its container.
CHART_WIDTH = 640
CHART_LABEL_WIDTH = 220
CHART_VALUE_WIDTH = 120
CHART_BAR_SPACE = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
CHART_ROW = 32
CHART_BAR = 20


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    stance: str
    y: int
    x: int
    width: int
    is_range: bool

    @property
    def text_y(self) -> int:
        return self.y + CHART_BAR // 2 + 5

    @property
    def value_x(self) -> int:
        return self.x + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * CHART_ROW + 8

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def label_x(self) -> int:
        return CHART_LABEL_WIDTH - 8


def _bounds(figure: Figure) -> tuple[Decimal, Decimal]:
    if figure.value is not None:
        return Decimal(0), figure.value
    return figure.minimum, figure.maximum


def chart_of(quantity: Quantity) -> Chart | None:
    """Horizontal bars for the figures given for one quantity, on one linear
    scale from zero; a range is drawn from its minimum to its maximum. Rows
    without a figure (denials) are left to the table. None when no figure
    is above zero, since there is then nothing to draw to scale."""
    rows = [row for row in quantity.rows if row.figure is not None]
    if not rows:
        return None
    top = max(_bounds(row.figure)[1] for row in rows)
    if top <= 0:
        return None
    bars = []
    for n, row in enumerate(rows):
        low, high = (max(Decimal(0), bound) for bound in _bounds(row.figure))
        x = CHART_LABEL_WIDTH + int(CHART_BAR_SPACE * low / top)
        width = int(CHART_BAR_SPACE * (high - low) / top)
        name = row.claim.speaker.name
        bars.append(
            Bar(
                label=name if len(name) <= 28 else name[:27] + "…",
                value=row.value,
                stance=row.claim.dispute_stance or Claim.DisputeStance.OTHER,
                y=4 + n * CHART_ROW,
                x=x,
                width=width,
                is_range=row.figure.value is None,
            )
        )
    return Chart(title=f"{quantity.counted.capitalize()}, by who claims it", bars=bars)
