import time

from conum.core import ratelimit


def test_a_window_starts_at_the_first_event_and_tells_its_time_left(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    assert ratelimit.seconds_left("test-window", "subject", 60) == 60  # no window yet
    assert [ratelimit.hit("test-window", "subject", 60) for _ in range(3)] == [1, 2, 3]
    now[0] += 45.5
    assert ratelimit.seconds_left("test-window", "subject", 60) == 15
    assert ratelimit.count("test-window", "subject") == 3
    ratelimit.forget("test-window", "subject")
    assert ratelimit.count("test-window", "subject") == 0
    assert ratelimit.seconds_left("test-window", "subject", 60) == 60
