"""``errors.held_interrupts``: Ctrl-C / SIGTERM while an epoch's files are written (last.pt, history.json,
weights) is held until they are all written, then stops the command as it would have: an interrupt between two of
them left files of two adjacent epochs (``fit``, ``train nas_tir``, ``search nas_tir``)."""
import signal

import pytest

from workbench.core.errors import held_interrupts


def test_ctrl_c_while_files_are_written_comes_after_them():
    written = []
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        with held_interrupts():
            written.append("last.pt")
            signal.raise_signal(signal.SIGINT)
            written.append("history.json")
        written.append("after")  # never: the interrupt stops here
    assert written == ["last.pt", "history.json"]
    assert signal.getsignal(signal.SIGINT) is before


def test_sigterm_is_handed_to_the_commands_own_handler():
    got = []

    def stop(signum, frame):
        got.append(signum)
        raise KeyboardInterrupt("SIGTERM")

    old = signal.signal(signal.SIGTERM, stop)
    try:
        with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
            with held_interrupts():
                signal.raise_signal(signal.SIGTERM)
                assert got == []  # held
        assert got == [signal.SIGTERM] and signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, old)
