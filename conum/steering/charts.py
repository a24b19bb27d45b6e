"""Small server-side SVG bar charts (no JavaScript, no CDN): the geometry here, the markup in
`steering/charts/bars.html` (Jinja2, `{% fragment … chart=… %}`) and `steering/charts/columns.html`
(`{% include … with chart=… %}`).

Each chart is decorative for assistive technologies (`aria-hidden`): the page puts a table with the same
figures beside it, which is the accessible version. Bars are drawn in the DSFR's blue "France".

Texts never overlap: the SVG scales as a whole, so widths are checked in its own units, with a generous
estimate of a character's width (CHAR_WIDTH × font size). Month columns share a fixed width, so that their
texts keep one size whatever the period; a month's label is skipped when it would touch its neighbour's (the
last month always labelled), the year is written once under the first labelled month of each year. A bar's
label is shortened to fit before its bar.
"""

from dataclasses import dataclass
from datetime import date
from math import ceil

from conum.core.formatting import month_abbreviation, thousands

# Horizontal bars: a row per line, the label right-aligned before the bar, the value after it.
ROW, LABEL_WIDTH, VALUE_WIDTH, BAR_FONT = 26, 250, 110, 12
# Month columns: WIDTH shared by the months, the plot between TOP and BOTTOM margins, the labels under it.
WIDTH, TOP, BOTTOM, LEFT, MONTH_FONT = 480, 18, 40, 8, 11
# A character's width as a share of the font size, measured in chromium with Marianne: at most 0.6 in a short
# lower-case word ("mars", "sept.", "2025"), 0.57 on average over a long label.
CHAR_WIDTH, LONG_CHAR_WIDTH = 0.62, 0.58


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
    label: str  # "sept." ("" when skipped so that labels do not touch)
    x: float
    y: float
    height: float
    label_x: float
    year: str = ""  # under the first labelled month of each year


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    baseline_y: int
    largest: str  # marked above the plot, as displayed
    column_width: float
    left: int = LEFT
    font_size: int = MONTH_FONT

    @property
    def right(self) -> int:
        return self.width - self.left

    @property
    def label_y(self) -> int:
        return self.height - BOTTOM + 4 + self.font_size

    @property
    def year_y(self) -> int:
        return self.height - 4


def text_width(text: str, font_size: int) -> float:
    """A generous estimate of a text's width, in the SVG's units."""
    return len(text) * font_size * CHAR_WIDTH


def _truncate(label: str, width: float, font_size: int) -> str:
    """The label, shortened with "…" until its estimated width fits `width`."""
    length = int(width / (font_size * LONG_CHAR_WIDTH))
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def horizontal_bars(lines: list[tuple[str, int, str]], width: int = 640) -> BarChart:
    """One bar per (label, value, value as displayed), longest = the largest value."""
    bar_area = width - LABEL_WIDTH - VALUE_WIDTH
    largest = max((value for _label, value, _display in lines), default=0) or 1
    bars = []
    for index, (label, value, display) in enumerate(lines):
        length = round(bar_area * value / largest, 1)
        top = index * ROW
        shown = _truncate(label, LABEL_WIDTH - 8, BAR_FONT)
        bars.append(Bar(shown, display, top + 4, top + 17, length, LABEL_WIDTH + length + 6))
    return BarChart(width, ROW * len(lines) + 8, bars)


def _month_label(month: date | str) -> tuple[str, str]:
    """(label, year) of a column: a month's French abbreviation and its year, or a text as it is."""
    if isinstance(month, date):
        return month_abbreviation(month), str(month.year)
    return str(month), ""


def month_columns(months: list[tuple[date | str, int]], height: int = 180) -> ColumnChart:
    """One column per (month, value), with a baseline and the largest value marked. A month (its first day)
    is labelled "sept."; every `step`-th month only when the labels would touch."""
    slot = (WIDTH - 2 * LEFT) / max(len(months), 1)
    plot = height - TOP - BOTTOM
    largest = max((value for _month, value in months), default=0) or 1
    labels = [_month_label(month) for month, _value in months]
    widest = max((text_width(label, MONTH_FONT) for label, _year in labels), default=0)
    step = max(1, ceil((widest + 4) / slot))
    last = len(months) - 1
    shown_years: set[str] = set()
    columns = []
    for index, ((_month, value), (label, year)) in enumerate(zip(months, labels, strict=True)):
        length = round(plot * value / largest, 1)
        x = LEFT + index * slot
        labelled = (last - index) % step == 0
        if labelled and year and year not in shown_years:
            shown_years.add(year)
        else:
            year = ""
        column = Column(
            label if labelled else "",
            round(x + slot * 0.15, 1),
            TOP + plot - length,
            length,
            round(x + slot / 2, 1),
            year,
        )
        columns.append(column)
    shown = largest if largest > 1 or any(value for _month, value in months) else 0
    return ColumnChart(WIDTH, height, columns, TOP + plot, thousands(shown), round(slot * 0.7, 1))
