"""The benchmark harness at its small scale: data generated, then every scenario run on the test database.

Timings are printed (and kept in test-results/bench-small.txt), never asserted: what is checked is that each
scenario runs to its end and reports its figures with the naive way beside them.
"""

from pathlib import Path

import pytest

from bench import all as every_scenario
from bench import matching, timing
from conum.activity.models import ActivityReport, DepartementMonthRollup, DepartementRollup, Registration
from conum.recruitment.models import Candidate, Match

OUTPUT = Path(__file__).resolve().parents[2] / "test-results" / "bench-small.txt"

pytestmark = pytest.mark.system


@pytest.mark.django_db(transaction=True)  # VACUUM and COPY, as on a real benchmark database
def test_generate_then_every_scenario_at_small_scale(capsys, monkeypatch):
    monkeypatch.setattr(timing, "QUICK", True)
    monkeypatch.setattr(matching, "NAIVE_SAMPLE", 20)
    every_scenario.run(["--scale", "small"])
    printed = capsys.readouterr().out
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(printed)
    with capsys.disabled():
        print(f"\n{printed}")

    assert ActivityReport.objects.live().count() >= 20_000
    live = ActivityReport.objects.live().count()
    for rows in (DepartementRollup.objects, DepartementMonthRollup.objects):
        assert sum(rows.values_list("reports", flat=True)) == live
    assert Registration.objects.count() >= 6_000 and Candidate.objects.count() >= 2_000
    assert Match.objects.exists()
    for name in every_scenario.SCENARIOS:
        assert f"===== {name}: " in printed, f"scenario {name} did not finish"
    assert printed.count("ratio naive") >= len(every_scenario.SCENARIOS) - 1
