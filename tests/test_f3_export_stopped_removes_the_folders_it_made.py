"""`workbench export-results` stopped (Ctrl-C / SIGTERM, a full disk) in its first tracker, into an --out that was
not there: the tracker folder is staged (never made), so the clean-up's first rmdir raised FileNotFoundError and
stopped it, and --out and the parents writable_folder had made for it stayed behind, empty, though the stop said
nothing was left. Missing folders are passed over; only a folder with something else in it stops the clean-up."""
import numpy as np
import pytest

import workbench.core.results as results
from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    root = tmp_path_factory.mktemp("f3x") / "res"
    folder = root / "data" / "kcf1" / "default"
    for seq in ("a", "b"):
        write_boxes(folder / f"{seq}.txt", np.array([[5.0 + k, 6, 8, 7] for k in range(3)]), 0)
        write_times(folder / f"{seq}_time.txt", np.full(3, 0.01))
        update_manifest(folder, {"method": "kcf1", "kind": "tracker", "variant": "default"}, seq,
                        {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def _stop_second_times_file(monkeypatch, stop):
    calls = []

    def times(path, seconds):
        calls.append(path)
        if len(calls) == 2:
            raise stop(path)
        return write_times(path, seconds)

    monkeypatch.setattr(results, "write_times", times)


def test_an_interrupted_export_removes_the_out_folders_it_made(res, tmp_path, monkeypatch, capsys):
    _stop_second_times_file(monkeypatch, lambda path: KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        results.export_results(res, tmp_path / "new" / "deeper", "got10k", ["kcf1"])
    assert list(tmp_path.iterdir()) == []  # no new/, no new/deeper/, no hidden .part folder


def test_a_full_disk_says_nothing_is_left_and_leaves_nothing(res, tmp_path, monkeypatch, capsys):
    _stop_second_times_file(monkeypatch, lambda path: results.WorkbenchError(f"{path}: the disk is full"))
    out = tmp_path / "new" / "deeper"
    assert main(["export-results", str(res), "--toolkit", "got10k", "--out", str(out)]) == 2
    assert f"kcf1 was not exported (nothing of it is left in {out})" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_holding_something_else_is_kept(res, tmp_path, monkeypatch):
    out = tmp_path / "new" / "deeper"
    real = results.writable_folder

    def made_then_used(folder, what):  # something else put into --out's parent while the export ran
        real(folder, what)
        (tmp_path / "new" / "theirs.txt").write_text("x")

    monkeypatch.setattr(results, "writable_folder", made_then_used)
    _stop_second_times_file(monkeypatch, lambda path: KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        results.export_results(res, out, "got10k", ["kcf1"])
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["theirs.txt"]
