"""Issue 15: wide tables and charts at 1280 px (and on a phone). No table is cut: one wider than its place
scrolls sideways inside its DSFR container, which the keyboard can reach and whose scrollbar stays in view;
the page itself never scrolls sideways. The texts of a chart (month labels, years, bar labels) never overlap
and stay inside the chart.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.recruitment.hiring import validated_application

pytestmark = [pytest.mark.e2e, pytest.mark.system]

DESKTOP, PHONE = 1280, 375

# Each table of <main>: its width, the scroll container around it (the nearest ancestor that scrolls
# sideways), and whether the container can take the keyboard's focus (to scroll with the arrows).
TABLES = """() => [...document.querySelectorAll('main table')].map((table) => {
  let scroller = null;
  for (let node = table.parentElement; node && node !== document.body; node = node.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) { scroller = node; break; }
  }
  const caption = table.caption ? table.caption.innerText.trim() : table.id;
  if (!scroller) return {caption, width: table.scrollWidth, scroller: null};
  return {caption, width: table.scrollWidth, scroller: scroller.clientWidth, focusable: scroller.tabIndex >= 0,
          height: scroller.getBoundingClientRect().height};
})"""

# The texts of each chart, as the browser lays them out.
CHART_TEXTS = """() => [...document.querySelectorAll('svg.conum-chart')].map((svg) => {
  const box = svg.getBoundingClientRect();
  return {chart: [box.left, box.right],
          texts: [...svg.querySelectorAll('text')].map((text) => {
            const r = text.getBoundingClientRect();
            return {text: text.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
          })};
})"""


def _assert_tables_fit_or_scroll(page, viewport_height):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        f"{page.url} scrolls sideways"
    )
    tables = page.evaluate(TABLES)
    assert tables, f"no table on {page.url}"
    for table in tables:
        if table["scroller"] is not None and table["width"] <= table["scroller"] + 1:
            continue  # it fits
        assert table["scroller"] is not None, f"{table['caption']!r} is cut: nothing scrolls it ({page.url})"
        assert table["focusable"], f"{table['caption']!r} scrolls, but the keyboard cannot reach it ({page.url})"
        assert table["height"] <= viewport_height, f"{table['caption']!r}: its scrollbar is out of view"


def _assert_chart_texts_apart(page):
    charts = page.evaluate(CHART_TEXTS)
    for chart in charts:
        left, right = chart["chart"]
        texts = chart["texts"]
        for text in texts:
            assert left - 0.5 <= text["left"] and text["right"] <= right + 0.5, f"{text['text']!r} is cut"
        for index, first in enumerate(texts):
            for second in texts[index + 1 :]:
                apart = (
                    first["right"] <= second["left"]
                    or second["right"] <= first["left"]
                    or first["bottom"] <= second["top"]
                    or second["bottom"] <= first["top"]
                )
                assert apart, f"{first['text']!r} overlaps {second['text']!r} on {page.url}"
    return charts


def _check(page, name, screenshot, check_accessibility, viewport_height=900):
    _assert_tables_fit_or_scroll(page, viewport_height)
    charts = _assert_chart_texts_apart(page)
    check_accessibility(page, name)
    screenshot(page, name)
    return charts


def test_national_tables_and_charts_at_1280(programme, national_staff, structure_manager, page, log_in, screenshot,
                                            check_accessibility):  # fmt: skip
    validated_application(structure_manager, commune="87085", posts=3)
    log_in(page, national_staff.email)

    page.locator("#navigation-principale").get_by_role("link", name="Pilotage", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pilotage du déploiement")
    _check(page, f"pilotage-{DESKTOP}", screenshot, check_accessibility)

    # Two years of months: 25 columns whose labels must thin out rather than overlap.
    today = date.today()
    start = (today.replace(day=1) - timedelta(days=700)).replace(day=1)
    page.goto(f"/statistiques/?debut={start:%d/%m/%Y}&fin={today:%d/%m/%Y}")
    expect(page.locator("#tableau-mois tbody tr")).to_have_count(len(_months(start, today)))
    charts = _check(page, f"statistiques-{DESKTOP}", screenshot, check_accessibility)
    months = [text["text"] for text in charts[0]["texts"]][1:]  # after "max. …"
    assert "sept." in months or "déc." in months or "mars" in months, months
    assert not {"Sep", "Déc", "sep", "déc"} & set(months), months
    assert str(today.year) in months  # the year, once, under its first labelled month

    page.set_viewport_size({"width": PHONE, "height": 800})
    _check(page, f"statistiques-{PHONE}", screenshot, check_accessibility, viewport_height=800)


def test_prefecture_tables_at_1280(programme, prefecture_agent, structure_manager, page, log_in, screenshot,
                                   check_accessibility):  # fmt: skip
    validated_application(structure_manager, commune="87085", posts=3)
    log_in(page, prefecture_agent.email)

    page.goto("/pilotage/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Haute-Vienne")
    _check(page, f"pilotage-87-{DESKTOP}", screenshot, check_accessibility)

    page.goto("/structures/prefecture/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidatures de mon territoire")
    _check(page, f"candidatures-{DESKTOP}", screenshot, check_accessibility)


def _months(start, end):
    count, month = 0, start
    while month <= end:
        count += 1
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return range(count)
