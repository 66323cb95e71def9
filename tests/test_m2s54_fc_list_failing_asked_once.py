"""fontconfig's ``fc-list`` (asked by the figures' glyph fallback, ``plots._fc_list``) that fails is asked once a
process, one that hangs twice (a first slow answer may be a cold font cache), not once a new character (each waited
the timeout again: seconds to minutes for one exported figure of CJK names), waited for ``FC_LIST_TIMEOUT_S`` at
most; its answer is read as UTF-8 with undecodable
bytes replaced (a font name in a non-UTF-8 locale's bytes raised UnicodeDecodeError out of the export). The fc-list
is a fake one, first on PATH."""
from __future__ import annotations

import os
import time

import pytest

from workbench.core.evaluation import plots

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the fake fc-list is a POSIX shell script")


@pytest.fixture
def fake_fc_list(tmp_path, monkeypatch):
    """Returns make(body): writes an executable ``fc-list`` (a shell script: each call appends a line to a log,
    then runs ``body``) first on PATH; returns the log's path. Fresh module state (no failure remembered, no
    answer kept)."""
    monkeypatch.setattr(plots, "_FC_LIST_FAILED", False, raising=False)
    monkeypatch.setattr(plots, "_FC_LIST_TIMEOUTS", 0, raising=False)
    monkeypatch.setattr(plots, "_COVERING", {})
    log = tmp_path / "calls.log"

    def make(body: str):
        exe = tmp_path / "bin" / "fc-list"
        exe.parent.mkdir(exist_ok=True)
        exe.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n{body}\n')
        exe.chmod(0o755)
        monkeypatch.setenv("PATH", f"{exe.parent}:/usr/bin:/bin")
        return log

    return make


def _calls(log) -> list[str]:
    return log.read_text().split() if log.exists() else []


def test_a_failing_fc_list_is_asked_once_for_all_the_characters(fake_fc_list):
    log = fake_fc_list("echo 'Fontconfig error: cannot load config' >&2; exit 1")
    assert plots._fc_list(0x4E2D) is None
    for code in (0x6587, 0x540D, 0x24B6):
        assert plots._fc_list(code) is None
    assert _calls(log) == [":charset=4e2d"]  # was one call a character
    # through the figures' path too: several missing glyphs, no further call, the bounded scan instead
    plots.fallback_families("\u4e2d\u6587\u540d\u24b6\U0010fffd")
    assert _calls(log) == [":charset=4e2d"]


def test_a_hanging_fc_list_is_waited_for_twice(fake_fc_list, monkeypatch):
    monkeypatch.setattr(plots, "FC_LIST_TIMEOUT_S", 0.5, raising=False)  # (a short wait here)
    log = fake_fc_list("exec sleep 30")
    t0 = time.monotonic()
    got = [plots._fc_list(code) for code in (0x4E2D, 0x6587, 0x540D, 0x24B6)]
    took = time.monotonic() - t0
    assert got == [None] * 4
    assert _calls(log) == [":charset=4e2d", ":charset=6587"]  # a second chance, then no more
    assert took < 4, f"{took:.1f} s: the hang waited for more than twice"


def test_one_slow_answer_is_not_the_end_of_fontconfig(fake_fc_list, monkeypatch, tmp_path):
    """Review R8: one timeout (a cold font cache on a busy machine) turned the glyph fallback's fontconfig off for
    the whole session."""
    monkeypatch.setattr(plots, "FC_LIST_TIMEOUT_S", 0.5, raising=False)
    flag = tmp_path / "slow_once"
    flag.write_text("")
    log = fake_fc_list(f'if [ -e "{flag}" ]; then rm "{flag}"; exec sleep 30; fi; echo "Noto Sans CJK SC"')
    assert plots._fc_list(0x4E2D) is None
    assert plots._fc_list(0x6587) == "Noto Sans CJK SC\n"
    assert len(_calls(log)) == 2


def test_non_utf8_output_is_read_with_replacement(fake_fc_list):
    log = fake_fc_list(r"printf 'Caf\351 Sans,Caf\351 Sans Book\nDejaVu Sans\n'")  # Latin-1 bytes
    out = plots._fc_list(0x24B6)
    assert out == "Caf\ufffd Sans,Caf\ufffd Sans Book\nDejaVu Sans\n"
    assert plots._covering(0x24B6) == frozenset({"Caf\ufffd Sans", "Caf\ufffd Sans Book", "DejaVu Sans"})
    assert plots._fc_list(0x4E2D) is not None and len(_calls(log)) == 3  # a good answer: still asked
