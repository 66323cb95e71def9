"""A sequence opened alone showed the tracker runs made over a wider root holding it (0c29be0: the dataset data/
opened, a run on data/grp/seqA, then data/grp/seqA opened alone), but not its detector and segmenter runs made the
same way: they are stored under the root's name (data), and the listing read only the folder holding the sequence
(grp) and its own name. They are listed now under the names of the folders above it too, guarded as the tracker
runs are: data/ is a generic name, and another dataset's root of that name holds a same-named sequence whose runs are
not this one's."""
from __future__ import annotations

import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence

from .conftest import shown_window
from .test_rerun_keeps_earlier import Pace, paced_registry


@pytest.fixture
def method_window(qtbot, messages):
    yield from shown_window(qtbot, paced_registry(Pace()))


def _combo(w, kind: str) -> list[str]:
    c = w.layers.method_runs[kind]
    return [c.itemText(i) for i in range(c.count())]


def _run_over_root(qtbot, w, root):
    """The detector and the segmenter run on grp/seqA with the dataset ``root`` open (stored under its name)."""
    assert w.open_path(root)
    qtbot.waitUntil(lambda: w.dataset.results is not None, timeout=5000)
    names = [e.name for e in w.dataset_entries]
    w.dataset._open_row(names.index("seqA"))
    assert w.sequence.name == "seqA" and w.sequences.run_dataset_root() is not None
    assert w.methods.select("pacedet")
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    w.segmentation.saved_to = None
    assert w.segment_sequence("paceseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)


def test_method_runs_over_a_wider_root_are_listed_for_the_sequence_alone(qtbot, method_window, tmp_path):
    from workbench.gui import settings as wsettings

    w = method_window
    for k, top in enumerate(("a", "b")):  # two datasets' roots named data/, each with a grp/seqA
        save_irseq(make_sequence(seed=5 + k, frames=6, width=64, height=48), tmp_path / top / "data" / "grp" / "seqA")
        save_irseq(make_sequence(seed=7 + k, frames=6, width=64, height=48), tmp_path / top / "data" / "grp" / "seqB")
    _run_over_root(qtbot, w, tmp_path / "a" / "data")
    _run_over_root(qtbot, w, tmp_path / "b" / "data")  # b's runs beside a's: data/pacedet/default-run2 ...
    results = wsettings.results_dir()
    assert sorted(p.name for p in (results / "data" / "pacedet").iterdir()) == ["default", "default-run2"]

    assert w.open_path(tmp_path / "a" / "data" / "grp" / "seqA")  # File › Open, alone
    assert w.sequences.run_dataset_root() is None
    qtbot.waitUntil(lambda: w.detections is not None and w.seg is not None, timeout=10000)
    assert _combo(w, "detection") == ["pacedet"], _combo(w, "detection")  # a's: not b's default-run2
    assert _combo(w, "segmentation") == ["paceseg"], _combo(w, "segmentation")
    assert w.detections.label == "pacedet" and sorted(w.detections.outputs) == list(range(6))

    # listed on the GUI thread where the opener did not (a script's sequence): the same runs
    assert [r[0] for r in w.detection.find_saved(w.sequence)] == ["pacedet"]
    assert [r[0] for r in w.segmentation.find_saved(w.sequence)] == ["paceseg"]
