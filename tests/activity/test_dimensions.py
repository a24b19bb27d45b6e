"""The counted dimensions are declared once: the tables, the statistics and the duration bands follow it."""

from django.db import models

from conum.activity.enums import DurationBand
from conum.activity.models import ActivityReport, ActivityRollup, DepartementMonthRollup, DepartementRollup
from conum.activity.reports import statistics
from conum.activity.reports.dimensions import COLUMNS, DIMENSIONS, report_columns


def test_every_rollup_table_has_one_count_column_per_declared_column():
    for model in (ActivityRollup, DepartementRollup, DepartementMonthRollup):
        counts = [field for field in model._meta.concrete_fields if isinstance(field, models.PositiveIntegerField)]
        assert sorted(field.name for field in counts) == sorted(COLUMNS), model
        assert all(field.default == 0 for field in counts)
    assert len(set(COLUMNS)) == len(COLUMNS)


def test_the_report_holds_the_people_per_age_band_and_status():
    for column, verbose in report_columns():
        assert ActivityReport._meta.get_field(column).verbose_name == verbose
    assert ("age_18_24", "âge : 18–24 ans") in report_columns()
    assert ("status_retraite", "statut : Retraité(e)") in report_columns()


def test_the_pages_show_every_distribution_declared_once():
    shown = [dimension.shown.key for dimension in DIMENSIONS if dimension.shown]
    assert sorted(shown) == sorted(statistics.DISTRIBUTIONS)


def test_duration_bands_follow_their_values():
    assert [band.limits for band in DurationBand] == [(None, 30), (30, 60), (60, 120), (120, None)]
    assert [DurationBand.of(minutes) for minutes in (0, 30, 31, 60, 61, 120, 121, 480)] == [
        DurationBand.UP_TO_30, DurationBand.UP_TO_30, DurationBand.UP_TO_60, DurationBand.UP_TO_60,
        DurationBand.UP_TO_120, DurationBand.UP_TO_120, DurationBand.MORE, DurationBand.MORE,
    ]  # fmt: skip
