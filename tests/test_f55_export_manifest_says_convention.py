"""An export's manifest.json said only {"boxes": "dataset file"}: which numbers that is (1-based as OTB's files,
0-based, or the file's own unshifted numbers) was nowhere in the exported folder. Each sequence's record says it now,
in the run's own words where it has them; an export made before the words were written is still the same export."""
from __future__ import annotations

import json

import numpy as np

from workbench.core.results import MANIFEST, export_results, update_manifest, write_boxes

LSOTB = "unshifted, as the dataset's groundtruth file (as in the LSOTB-TIR training XML)"


def _run(root, seq, offset, words=None):
    folder = root / "set" / "kcf" / "default"
    write_boxes(folder / f"{seq}.txt", np.tile([4.0, 5.0, 10.0, 8.0], (4, 1)), offset)
    entry = {"box_offset": offset, "start_frame": 0, "completed": True, "frames": 4}
    if words:
        entry["box_convention"] = words
    update_manifest(folder, {"method": "kcf", "kind": "tracker", "variant": "default"}, seq, entry)


def test_export_manifest_says_each_sequences_convention(tmp_path):
    _run(tmp_path / "res", "otb_seq", 1)
    _run(tmp_path / "res", "xml_seq", 0, LSOTB)
    (done,) = export_results(tmp_path / "res", tmp_path / "out", "pysot")
    seqs = json.loads(done.manifest.read_text())["sequences"]
    assert seqs["otb_seq"]["box_convention"].startswith("1-based")
    assert seqs["xml_seq"]["box_convention"] == LSOTB  # the run's own words, not "0-based"


def test_an_older_export_without_the_words_is_the_same_export(tmp_path):
    _run(tmp_path / "res", "otb_seq", 1)
    (first,) = export_results(tmp_path / "res", tmp_path / "out", "got10k")
    data = json.loads(first.manifest.read_text())
    data["sequences"] = {}  # as an export before this change wrote it
    first.manifest.write_text(json.dumps(data), encoding="utf-8")
    (again,) = export_results(tmp_path / "res", tmp_path / "out", "got10k")
    assert again.unchanged  # not refused as another text
    assert (tmp_path / "out" / "kcf" / MANIFEST).is_file()
