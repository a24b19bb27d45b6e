"""Small server-side SVG bar charts (no JavaScript, no CDN).

Each chart is decorative for assistive technologies (`aria-hidden`): the page puts a table with the same
figures beside it, which is the accessible version. Bars are drawn in the DSFR's blue "France".
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_COLOUR = "#000091"
TEXT_COLOUR = "#161616"
GRID_COLOUR = "#dddddd"
FONT = 'font-family="Marianne, Arial, sans-serif"'


def _truncate(label: str, length: int) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def horizontal_bars(lines: list[tuple[str, int, str]], width: int = 640) -> SafeString:
    """One bar per (label, value, value as displayed), longest = the largest value."""
    row, label_width, value_width = 26, 250, 110
    bar_area = width - label_width - value_width
    largest = max((value for _label, value, _display in lines), default=0) or 1
    height = row * len(lines) + 8
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}" {}>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="16" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="12" fill="{}" {}>{}</text>',
        (
            (
                label_width - 8,
                index * row + 17,
                TEXT_COLOUR,
                SafeString(FONT),
                _truncate(label, 38),
                label_width,
                index * row + 4,
                round(bar_area * value / largest, 1),
                BAR_COLOUR,
                label_width + round(bar_area * value / largest, 1) + 6,
                index * row + 17,
                TEXT_COLOUR,
                SafeString(FONT),
                display,
            )  # fmt: skip
            for index, (label, value, display) in enumerate(lines)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" aria-hidden="true" '
        'focusable="false" class="conum-chart">{}</svg>',
        width,
        height,
        bars,
    )


def month_columns(months: list[tuple[str, int]], height: int = 180) -> SafeString:
    """One column per (month label "MM/AA", value), with a baseline and the largest value marked."""
    column, top, bottom, left = 28, 18, 30, 8
    width = max(left * 2 + column * len(months), 200)
    plot = height - top - bottom
    largest = max((value for _label, value in months), default=0) or 1
    columns = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}" {}>{}</text>',
        (
            (
                left + index * column + 4,
                top + plot - round(plot * value / largest, 1),
                column - 8,
                round(plot * value / largest, 1),
                BAR_COLOUR,
                left + index * column + column / 2,
                height - 12,
                TEXT_COLOUR,
                SafeString(FONT),
                label,
            )  # fmt: skip
            for index, (label, value) in enumerate(months)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" aria-hidden="true" '
        'focusable="false" class="conum-chart">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
        '<text x="{}" y="12" font-size="10" fill="{}" {}>max. {}</text>{}</svg>',
        width,
        height,
        left,
        top + plot,
        width - left,
        top + plot,
        GRID_COLOUR,
        left,
        TEXT_COLOUR,
        SafeString(FONT),
        largest if largest > 1 or any(value for _label, value in months) else 0,
        columns,
    )
