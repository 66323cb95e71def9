"""Review findings on the lookup of a sequence's runs (U3's links, M's saved maps):

- the Report's yes/no check, on the GUI thread, listed the workspace with where the sequence's folders resolve to:
  it scanned other datasets' run folders and read their manifests there; it now asks for the names only;
- a run found through a link (its recorded root resolves to the dataset's) was taken without looking at the
  sequence's recorded path: a link re-pointed since (dl -> mnt/data, now holding irB/seq1, not irA/seq1) had irB's
  run read and scored as irA/seq1's;
- a result whose maps its first save wrote (then no longer held) saved again elsewhere wrote no maps there and said
  "it publishes no maps": the maps file is copied, with its manifest record."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from workbench.cli import main

links = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                           reason="symbolic links need privileges on Windows")


def _sequence(folder: Path, shift: int) -> None:
    """Six frames of a bright box moving right, its box in every frame."""
    import cv2
    import numpy as np

    folder.mkdir(parents=True)
    rows = []
    for i in range(6):
        frame = np.full((40, 56), 30, np.uint8)
        x = 6 + 2 * i + shift
        frame[12:26, x:x + 12] = 230
        cv2.imwrite(str(folder / f"{i + 1:08d}.png"), frame)
        rows.append(f"{x},12,12,14")
    (folder / "groundtruth.txt").write_text("\n".join(rows) + "\n")


def test_the_reports_check_reads_no_other_datasets_manifest(tmp_path, monkeypatch):
    from workbench.core import results
    from workbench.core.data import open_sequence
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers.export import ExportController

    _sequence(tmp_path / "data" / "mine" / "seqA", 0)
    ws = tmp_path / "ws"
    other = ws / "others" / "kcf" / "default"  # another dataset's run of its own seqA, recorded elsewhere
    other.mkdir(parents=True)
    (other / "seqA.txt").write_text("1,1,4,4\n" * 6)
    (other / results.MANIFEST).write_text(json.dumps({"method": "kcf", "kind": "tracker", "dataset": "others",
                                                      "dataset_root": str(tmp_path / "elsewhere")}))
    reads: list[Path] = []
    for name in ("read_manifest", "_manifest_or_none"):
        real = getattr(results, name)
        monkeypatch.setattr(results, name, lambda folder, real=real: reads.append(Path(folder)) or real(folder))
    monkeypatch.setattr(wsettings, "results_dir", lambda: ws)
    path = tmp_path / "data" / "mine" / "seqA"
    notices = []
    fake = SimpleNamespace(_known_report_results=lambda: False,
                           w=SimpleNamespace(sequences=SimpleNamespace(dataset_root=None, sequence=open_sequence(path),
                                                                       seq_path=path),
                                             show_notice=lambda *a: notices.append(a)))
    assert ExportController._report_has_results(fake) is False
    assert [n[0] for n in notices] == ["Nothing to report"]
    assert not [p for p in reads if "others" in p.parts]  # not a manifest of another dataset's run read


@links
def test_a_run_through_a_link_re_pointed_since_is_not_this_sequences(tmp_path, capsys):
    from workbench.core.data import open_dataset
    from workbench.core.results import dataset_folders, find_runs
    from workbench.gui.controllers.sequence import with_saved_runs

    data = tmp_path / "mnt" / "data"
    _sequence(data / "irA" / "seq1", 0)
    _sequence(data / "irB" / "seq1", 5)
    link = tmp_path / "dl"
    link.symlink_to(data, target_is_directory=True)
    out = tmp_path / "ws"
    shutil.move(str(data / "irA"), str(tmp_path / "away"))  # the link's root held irB/seq1 alone then
    assert main(["run", "--dataset", str(link), "--tracker", "kcf", "--out", str(out)]) == 0
    shutil.move(str(tmp_path / "away"), str(data / "irA"))
    capsys.readouterr()
    for ds in ("irA", "irB"):
        entries = open_dataset(data / ds)
        entry = entries[0]
        saved = with_saved_runs((entry.open(), None, None), Path(entry.path), out, None, None)[-1]  # alone
        eval_runs = [r.label for r in find_runs(out, dataset_folders(ds, entries))]
        if ds == "irA":  # irB's run of its seq1 is not irA/seq1's
            assert (saved is None or saved.records == []) and eval_runs == [], ds
        else:  # the run's own sequence still finds it (through the link's target)
            assert [r.label for r in saved.records] == ["kcf"] and eval_runs == ["kcf"], ds


def test_a_result_saved_again_elsewhere_copies_the_maps_its_first_save_wrote(tmp_path):
    from workbench.core import batch
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import read_maps

    root = tmp_path / "data"
    write_demo(root, frames=8, width=96, height=72, seed=3, name="a")
    tasks = batch.track_tasks(["kcf"], batch.sequence_refs(dataset=root), save_maps=("response",))
    report = batch.run_batch(tasks, tmp_path / "out")
    assert not report.failed
    res = report.outcomes[0].result
    first = res.maps_source
    entry = json.loads((first.parent / "manifest.json").read_text())["sequences"]["a"]["maps"]
    assert res.maps == {} and first.is_file()
    path = res.save(tmp_path / "out2")
    assert tmp_path / "out2" in path.parents
    copied = path.with_name("a_maps.npz")
    assert copied.is_file() and sorted(read_maps(copied, 8)) == list(range(1, 8))
    assert json.loads((path.parent / "manifest.json").read_text())["sequences"]["a"]["maps"] == entry
    assert res.maps_message(path).startswith("kcf a: maps response: 7 frames"), res.maps_message(path)
    assert first.is_file()  # the first save's file left as it was
