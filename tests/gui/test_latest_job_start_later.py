"""``LatestJob.start_later``: the one deferred start the saved-maps read and the saved runs' scoring share (each
had its own copy): started on the next turn, pending meanwhile, forgotten by ``drop``, refused by ``when``,
started at once by ``start_now``."""
from workbench.gui.worker import LatestJob


def test_start_later_is_pending_then_runs_unless_dropped_or_refused(qtbot):
    job = LatestJob()
    got = []
    job.returned.connect(got.append)
    job.start_later(lambda x: x * 2, 21)
    assert job.pending and got == []  # not started in this turn
    qtbot.waitUntil(lambda: got == [42] and not job.pending, timeout=5000)

    job.start_later(lambda: "dropped")
    job.drop()
    assert not job.pending
    job.start_later(lambda: "refused", when=lambda: False)
    job.start_now()
    assert not job.pending
    job.start_later(lambda: "now")
    job.start_now()  # started at once, not again on the next turn
    qtbot.waitUntil(lambda: not job.pending, timeout=5000)
    qtbot.wait(20)  # (a turn for a second start to show itself)
    assert got == [42, "now"]
