"""Small server-side SVG bar charts (no JavaScript, no CDN): the geometry here, the markup in the includes
`steering/charts/bars.html` and `steering/charts/columns.html` (`{% include … with chart=… %}`).

Each chart is decorative for assistive technologies (`aria-hidden`): the page puts a table with the same
figures beside it, which is the accessible version. Bars are drawn in the DSFR's blue "France".
"""

from dataclasses import dataclass

# Horizontal bars: a row per line, the label right-aligned before the bar, the value after it.
ROW, LABEL_WIDTH, VALUE_WIDTH, LABEL_LENGTH = 26, 250, 110, 38
# Month columns: the plot between TOP and BOTTOM margins, the labels under it.
COLUMN, TOP, BOTTOM, LEFT = 28, 18, 30, 8


@dataclass(frozen=True)
class Bar:
    label: str
    display: str  # the value as displayed after the bar
    y: int  # top of the bar
    text_y: int  # baseline of its texts
    length: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH


@dataclass(frozen=True)
class Column:
    label: str  # "MM/AA"
    x: int
    y: float
    height: float
    label_x: float


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    baseline_y: int
    largest: int  # marked above the plot
    left: int = LEFT
    column_width: int = COLUMN - 8

    @property
    def right(self) -> int:
        return self.width - self.left

    @property
    def label_y(self) -> int:
        return self.height - 12


def _truncate(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def horizontal_bars(lines: list[tuple[str, int, str]], width: int = 640) -> BarChart:
    """One bar per (label, value, value as displayed), longest = the largest value."""
    bar_area = width - LABEL_WIDTH - VALUE_WIDTH
    largest = max((value for _label, value, _display in lines), default=0) or 1
    bars = []
    for index, (label, value, display) in enumerate(lines):
        length = round(bar_area * value / largest, 1)
        top = index * ROW
        bars.append(Bar(_truncate(label, LABEL_LENGTH), display, top + 4, top + 17, length, LABEL_WIDTH + length + 6))
    return BarChart(width, ROW * len(lines) + 8, bars)


def month_columns(months: list[tuple[str, int]], height: int = 180) -> ColumnChart:
    """One column per (month label "MM/AA", value), with a baseline and the largest value marked."""
    width = max(LEFT * 2 + COLUMN * len(months), 200)
    plot = height - TOP - BOTTOM
    largest = max((value for _label, value in months), default=0) or 1
    columns = []
    for index, (label, value) in enumerate(months):
        length = round(plot * value / largest, 1)
        x = LEFT + index * COLUMN
        columns.append(Column(label, x + 4, TOP + plot - length, length, x + COLUMN / 2))
    shown = largest if largest > 1 or any(value for _label, value in months) else 0
    return ColumnChart(width, height, columns, TOP + plot, shown)
