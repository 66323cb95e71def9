"""Runs saved through a symbolic link of a dataset root (``run --dataset ~/irmini``, ``irmini -> raw/ir_v2``) are
stored under the link's name. eval, report and export-results given the link's target found them, but the window's
runs of the selected sequence, its Report, ``export-video --sequence`` and ``eval --protocol vot|tre`` did not: each
built its names without where the root resolves to. Every reader now asks ``results.LevelTest``; and the extra
lookup opens no manifest of a run whose files name none of the dataset's sequences (it read and resolved every other
dataset's run on each listing)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.data import open_dataset

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="symbolic links need privileges on Windows")


def _sequence(folder: Path, shift: int) -> None:
    """Six frames of a bright box moving right, its box in every frame (TRE needs a start with frames after)."""
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


@pytest.fixture
def linked(tmp_path, capsys):
    """raw/ir_v2/{seqA,seqB}, the link irmini -> raw/ir_v2, and kcf run through the link: one-pass into ``out``,
    VOT and TRE into ``outp``."""
    real = tmp_path / "raw" / "ir_v2"
    for shift, name in enumerate(("seqA", "seqB")):
        _sequence(real / name, 3 * shift)
    link = tmp_path / "irmini"
    link.symlink_to(real, target_is_directory=True)
    out, outp = tmp_path / "ws", tmp_path / "wsp"
    assert main(["run", "--dataset", str(link), "--tracker", "kcf", "--out", str(out)]) == 0
    for protocol in ("vot", "tre"):
        assert main(["run", "--dataset", str(link), "--tracker", "kcf", "--protocol", protocol,
                     "--out", str(outp)]) == 0
    assert (out / "irmini" / "kcf" / "default" / "seqA.txt").is_file()  # under the link's name
    capsys.readouterr()
    return real, out, outp


def _kcf_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.split()[:1] == ["kcf"]]


def test_every_reader_finds_the_runs_saved_through_a_link_given_its_target(linked, tmp_path, capsys):
    from workbench.core.results import list_results
    from workbench.gui.controllers.export import report_levels
    from workbench.gui.controllers.sequence import dataset_results, with_saved_runs

    real, out, outp = linked
    assert main(["eval", "--dataset", str(real), "--results", str(out)]) == 0
    assert _kcf_rows(capsys.readouterr().out), "eval (OPE)"
    for protocol in ("vot", "tre"):
        assert main(["eval", "--dataset", str(real), "--protocol", protocol, "--results", str(outp)]) == 0, protocol
        assert _kcf_rows(capsys.readouterr().out), protocol
    assert main(["report", "--dataset", str(real), "--out", str(tmp_path / "rep"), str(out)]) == 0
    assert "kcf" in (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert main(["export-results", "--toolkit", "pysot", "--dataset", str(real), "--out", str(tmp_path / "exp"),
                 str(out)]) == 0
    assert sorted(p.name for p in (tmp_path / "exp" / "kcf").glob("seq?.txt")) == ["seqA.txt", "seqB.txt"]
    assert main(["export-video", "--sequence", str(real / "seqA"), "--results", str(out),
                 "--out", str(tmp_path / "v.mp4")]) == 0
    assert (tmp_path / "v.mp4").stat().st_size > 0
    capsys.readouterr()

    # the window: its Report, the Dataset dock's Results column, the runs of the selected sequence (of the open
    # root, and opened alone)
    entries = open_dataset(real)
    assert list(list_results(out, report_levels(real, entries))) == ["kcf"]
    assert list(list_results(out, report_levels(None, None, real / "seqA"))) == ["kcf"]  # the sequence alone
    listed = dataset_results(out, real, entries)[2]
    assert listed == {"seqA": ["kcf"], "seqB": ["kcf"]}
    entry = next(e for e in entries if e.name == "seqA")
    seq = entry.open()
    for root in (real, None):
        saved = with_saved_runs((seq, None, None), Path(entry.path), out, root, entries if root else None)[-1]
        assert saved is not None and [r.label for r in saved.records] == ["kcf"], root


def test_the_extra_lookup_reads_no_manifest_of_a_run_naming_none_of_the_sequences(linked, monkeypatch):
    from workbench.core import results
    from workbench.core.evaluation.vot import find_vot_runs

    real, out, outp = linked
    mine = out / "irmini" / "kcf" / "default"
    # another dataset's runs beside it: its manifest (recorded elsewhere) and files naming its own sequences
    for ws, sub, name in ((out, "", "seqZ.txt"), (outp, "baseline", "seqZ")):
        other = ws / "others" / "kcf" / "default"
        (other / sub).mkdir(parents=True, exist_ok=True)
        text = (mine / results.MANIFEST).read_text(encoding="utf-8")
        (other / sub / results.MANIFEST).write_text(text.replace(str(real.parent.parent), "/elsewhere"),
                                                    encoding="utf-8")
        (other / sub / name).mkdir() if sub else (other / name).write_text("1,1,4,4\n" * 5)
        if sub:
            (other / sub / name / f"{name}_001.txt").write_text("1\n" + "1,1,4,4\n" * 4)
    reads: list[Path] = []
    real_read = results.read_manifest

    def counted(folder):
        reads.append(Path(folder))
        return real_read(folder)

    monkeypatch.setattr(results, "read_manifest", counted)
    names = results.dataset_folders("ir_v2", open_dataset(real))
    for _ in range(2):  # and the second listing as the first
        reads.clear()
        assert [r.label for r in results.find_runs(out, names)] == ["kcf"]
        assert not [p for p in reads if "others" in p.parts]
        assert reads.count(mine) == 1  # read once, not once to test its root and again to read it
        reads.clear()
        assert results.find_method_runs(out, names) == []
        assert not [p for p in reads if "others" in p.parts]
        reads.clear()
        assert [r.label for r in find_vot_runs(outp, names)] == ["kcf"]
        assert not [p for p in reads if "others" in p.parts]


def test_vot_runs_under_the_old_ascii_name_are_read_as_one_pass_runs_are(tmp_path, capsys):
    """A non-ASCII dataset's VOT runs stored under the name an earlier version gave it (``Flug_M_nchen``, shared
    with ``Flug Mönchen``): eval --protocol vot reads its own there, not the other dataset's."""
    import shutil

    mine, theirs = tmp_path / "Flug München", tmp_path / "Flug Mönchen"
    _sequence(mine / "seqA", 0)
    _sequence(theirs / "seqA", 6)
    out = tmp_path / "ws"
    assert main(["run", "--dataset", str(mine), "--tracker", "kcf", "--protocol", "vot", "--out", str(out)]) == 0
    assert main(["run", "--dataset", str(theirs), "--tracker", "kcf", "--protocol", "vot", "--set", "padding=2",
                 "--out", str(out)]) == 0
    old = out / "Flug_M_nchen" / "kcf"
    old.mkdir(parents=True)
    shutil.move(str(out / "Flug_München" / "kcf" / "default"), str(old / "default"))
    shutil.move(str(out / "Flug_Mönchen" / "kcf" / "padding=2"), str(old / "padding=2"))
    capsys.readouterr()
    assert main(["eval", "--dataset", str(mine), "--protocol", "vot", "--results", str(out)]) == 0
    assert [row.split()[0] for row in _kcf_rows(capsys.readouterr().out)] == ["kcf"]


def test_a_sequence_named_unlike_its_folder_opened_alone_finds_its_linked_runs(tmp_path, capsys):
    """OTB's two-target folders (Jogging/ holds Jogging-1 and Jogging-2, their runs' files Jogging-1.txt ...): opened
    alone, the window's runs of the sequence, its Report and ``export-video --sequence`` looked for files named after
    the folder (Jogging) and found none of the runs saved through a link of the root; Crossing (named as its
    folder) was found. All three now read them, by the one helper (``runs.alone_names``)."""
    import cv2
    import numpy as np

    from workbench.core.results import list_results
    from workbench.gui.controllers.export import report_levels
    from workbench.gui.controllers.sequence import with_saved_runs

    real = tmp_path / "raw" / "otbx"
    for name, targets in (("Jogging", (1, 2)), ("Crossing", (None,))):
        img = real / name / "img"
        img.mkdir(parents=True)
        rows = {k: [] for k in targets}
        for i in range(6):
            frame = np.full((40, 56), 30, np.uint8)
            x = 6 + 2 * i
            frame[12:26, x:x + 12] = 230
            frame[2:8, 40:46] = 200
            cv2.imwrite(str(img / f"{i + 1:04d}.jpg"), frame)
            for k in targets:
                rows[k].append(f"{x + 1},13,12,14" if k != 2 else "41,3,6,6")
        for k in targets:
            (real / name / (f"groundtruth_rect.{k}.txt" if k else "groundtruth_rect.txt")).write_text(
                "\n".join(rows[k]) + "\n")
    link = tmp_path / "otblink"
    link.symlink_to(real, target_is_directory=True)
    out = tmp_path / "ws"
    assert main(["run", "--dataset", str(link), "--tracker", "kcf", "--out", str(out)]) == 0
    assert (out / "otblink" / "kcf" / "default" / "Jogging-2.txt").is_file()
    entries = open_dataset(real)
    assert sorted(e.name for e in entries) == ["Crossing", "Jogging-1", "Jogging-2"]
    capsys.readouterr()
    assert main(["export-video", "--sequence", str(real / "Jogging"), "--results", str(out),
                 "--out", str(tmp_path / "j.mp4")]) == 0, capsys.readouterr().err
    assert (tmp_path / "j.mp4").stat().st_size > 0
    seqs = {e.name: e.open() for e in entries}
    for entry in entries:
        saved = with_saved_runs((seqs[entry.name], None, None), Path(entry.path), out, None, None)[-1]  # opened alone
        assert saved is not None and [r.label for r in saved.records] == ["kcf"], entry.name
    for entry in entries:
        found = list_results(out, report_levels(None, None, Path(entry.path), seqs[entry.name].name))  # its Report
        assert entry.name in found.get("kcf", {}), entry.name
