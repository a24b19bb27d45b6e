"""What `conum demo` prints while it works: the elapsed time of a long step on a terminal, nothing of it in a log."""

import io
import re
import time
import types

from conum.core import demo_steps
from conum.core.demo import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Lines:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def test_a_long_step_shows_its_elapsed_time_on_a_terminal(monkeypatch):
    monkeypatch.setattr(demo_steps, "HEARTBEAT_AFTER_SECONDS", 0)
    terminal, out = Terminal(), Lines()
    with demo_steps.Heartbeat("Activité des conseillers", out, stream=terminal) as step_out:
        time.sleep(1.6)
        step_out.write("✓ Activité de démonstration")
    assert re.search(r"\r… Activité des conseillers : \d+ s", terminal.getvalue())
    assert terminal.getvalue().endswith("\r\033[K")  # cleared before the step's own line
    assert out.lines == ["✓ Activité de démonstration"]


def test_a_log_gets_no_elapsed_time(monkeypatch):
    monkeypatch.setattr(demo_steps, "HEARTBEAT_AFTER_SECONDS", 0)
    log, out = io.StringIO(), Lines()
    with demo_steps.Heartbeat("Recrutement", out, stream=log) as step_out:
        time.sleep(1.2)
        step_out.write("✓ Candidats")
    assert log.getvalue() == "" and out.lines == ["✓ Candidats"]


def test_progress_keeps_the_items_and_hides_its_bar_outside_a_terminal():
    assert list(progress(range(3), "Structures de démonstration")) == [0, 1, 2]


def test_each_step_prints_its_time_after_its_lines(monkeypatch):
    step = types.ModuleType("conum.activity.demo_step")
    step.populate = lambda out: out.write("✓ Activité de démonstration")
    monkeypatch.setattr(demo_steps, "demo_modules", lambda: [step])
    monkeypatch.setattr(demo_steps, "STEP_TIME_AFTER_SECONDS", 0)
    out = Lines()
    demo_steps.run_steps(out)
    assert out.lines[0] == "✓ Activité de démonstration"
    assert re.fullmatch(r"  \(Activité des conseillers : \d+\.\d s\)", out.lines[1])
