"""A sequence opened alone has its wider names (``runs.with_wider_names``: the folders above it, where its folder
resolves to) made once at its opening (``sequence.with_saved_runs``), for its tracker runs and its detector and
segmenter listing both, not once each; and ``with_wider_names`` resolves the folder holding it once, not once for
its roots and again for its places."""
from __future__ import annotations

import os

import cv2
import numpy as np

from workbench.core import results, runs
from workbench.core.data.sequence import ImageFiles, Sequence
from workbench.gui.controllers import sequence as sequence_ctl
from workbench.gui.controllers import tracking


def _seq(tmp_path):
    folder = tmp_path / "wide" / "set" / "seqA"
    folder.mkdir(parents=True)
    cv2.imwrite(str(folder / "0001.png"), np.zeros((6, 6), np.uint8))
    return Sequence(name="seqA", frames=ImageFiles([folder / "0001.png"]), path=folder)


def test_wider_names_made_once_for_runs_and_methods(tmp_path, monkeypatch):
    seq = _seq(tmp_path)
    made, read_with, listed_with = [], [], []
    real_wider = runs.with_wider_names
    monkeypatch.setattr(runs, "with_wider_names", lambda *a, **k: made.append(a) or real_wider(*a, **k))
    real_read = tracking.read_saved_runs

    def read(*a, **k):
        got = real_read(*a, **k)
        read_with.append(got)
        return got

    monkeypatch.setattr(tracking, "read_saved_runs", read)
    real_list = sequence_ctl.list_method_runs
    monkeypatch.setattr(sequence_ctl, "list_method_runs",
                        lambda d, names, s: listed_with.append(names) or real_list(d, names, s))
    got = sequence_ctl.with_saved_runs((seq, None, None), seq.path, tmp_path / "ws", None)
    assert got[-1] is not None and read_with and read_with[0].alone
    assert len(made) == 1, made  # the old code made them twice: read_saved_runs' alone, then method_run_names
    names = listed_with[0]
    assert isinstance(names, results.DatasetNames) and names[0] == "set" and "wide" in names.guarded


def test_with_wider_names_resolves_the_holding_folder_once(tmp_path, monkeypatch):
    seq = _seq(tmp_path)
    calls = []
    real = os.path.realpath
    monkeypatch.setattr(results.os.path, "realpath", lambda p, *a, **k: calls.append(p) or real(p, *a, **k))
    names = runs.with_wider_names(("set",), seq.path, "seqA")
    assert len(calls) == 1, calls  # the old code: linked_roots' and resolved_places' own realpath of it
    held = real(seq.path.parent)
    assert held in names.roots and names.places == {"seqA": os.path.join(held, "seqA")}
