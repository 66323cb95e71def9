"""``workbench segment --dataset <NUDT-MIRSDT root>`` scored Pd / Fa by boxes only ("mIoU / nIoU need masks") though
every ``Sequence<n>`` holds its ``masks/``, while one ``Sequence<n>`` folder was mask-scored; the SIRST reader
refused the root ("holds 3 labelled sets"). The root is mask-scored as a mask-per-frame set's root is (every frame
``<seq>/<frame>`` with its mask: mIoU, nIoU, Pd, Fa ...), its published ``test.txt`` (``Sequence10/Mix/00001.mat``
lines) a split of those frames. Generated mimic (tests.test_mirsdt_layout): a 3 x 3 target of 250 a frame, the
segmenter a threshold at 150."""
from __future__ import annotations

import json

import pytest

from tests.test_e2_53_box_scored_ir_sequences import _threshold
from tests.test_mirsdt_layout import _sequence


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "NUDT-MIRSDT"
    for s in ("Sequence1", "Sequence2", "Sequence10"):
        _sequence(root, s, n=4)
    (root / "train.txt").write_text("".join(f"{s}/Mix/{k:05d}.mat\n" for s in ("Sequence1", "Sequence2")
                                            for k in range(1, 5)))
    (root / "test.txt").write_text("Sequence10/Mix/00001.mat\nSequence10/Mix/00003.mat\n")
    return root


def _run(monkeypatch, tmp_path, dataset, *more) -> tuple[dict, str]:
    cmd = _threshold(monkeypatch)
    out = tmp_path / f"r{len(list(tmp_path.glob('r*.json')))}.json"
    assert cmd(["--dataset", str(dataset), "--json", str(out), *more]) == 0
    return json.loads(out.read_text())


def test_root_is_mask_scored_as_its_sequences_are(monkeypatch, tmp_path, capsys, root):
    res = _run(monkeypatch, tmp_path, root)
    printed = capsys.readouterr().out
    assert (res["images"], res["targets"]) == (12, 12)
    assert res["miou"] == pytest.approx(1.0) and res["niou"] == pytest.approx(1.0) and res["pd"] == 1.0
    assert "box-scored" not in printed and "need masks" not in printed
    one = _run(monkeypatch, tmp_path, root / "Sequence2")  # one sequence, as it was scored
    assert (one["images"], one["miou"]) == (4, pytest.approx(1.0))


def test_published_split_names_its_frames(monkeypatch, tmp_path, root):
    from workbench.core.data.sirst import open_sirst

    ds = open_sirst(root, "test")
    assert ds.names == ["Sequence10/00001", "Sequence10/00003"] and ds.split == root / "test.txt"
    assert ds.mask(1).sum() == 9 and ds.image(1)[20, 13] == 250  # frame 3's target at column 4 + 3 * 3
    assert [n.split("/")[0] for n in open_sirst(root, "train").names] == ["Sequence1"] * 4 + ["Sequence2"] * 4
    res = _run(monkeypatch, tmp_path, root, "--split", "test")
    assert (res["images"], res["targets"], res["miou"]) == (2, 2, pytest.approx(1.0))


def test_its_sequences_folders_are_inputs_and_a_mix_only_sequence_is_said(monkeypatch, tmp_path, root):
    import shutil

    from workbench.core.data.sirst import open_sirst
    from workbench.core.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="is a folder the --dataset .* is read from"):
        _run(monkeypatch, tmp_path, root, "--views", str(root / "Sequence2" / "masks"))
    shutil.rmtree(root / "Sequence2" / "images")  # its frames only in Mix/*.mat now
    ds = open_sirst(root)
    assert len(ds) == 8 and any("Sequence2" in w and "Mix/*.mat" in w for w in ds.warnings)
