"""Export › Result boxes to another folder wrote the runs' boxes but not the maps the window keeps with
them (``<seq>_maps.npz``): ``workbench export-video --map`` on the exported folder found no saved maps.
A run with maps now carries them, in the file format and manifest record the command line writes; a
saved run whose maps were not read back into the window yet carries them from its maps file."""
from __future__ import annotations


def _run_fake(qtbot, w, root):
    from workbench.core.data.synthetic import write_demo

    seq = write_demo(root, frames=6, width=64, height=48, name="mini")
    assert w.open_path(seq)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and not w.runner.pending_maps, timeout=20000)
    return seq


def _check_export(out_files, seq, capsys):
    from workbench.cli import main
    from workbench.core.results import maps_path, read_manifest, read_maps

    (txt,) = out_files
    npz = maps_path(txt)
    assert npz.is_file(), sorted(p.name for p in txt.parent.iterdir())
    record = read_manifest(txt.parent)["sequences"]["mini"]["maps"]
    assert record["file"] == npz.name and record["names"] == ["response"]
    maps = read_maps(npz, 6)
    assert sorted(maps) == [1, 2, 3, 4, 5] and maps[3]["response"].data.shape == (17, 17)
    # what `workbench export-video --map` reads: the saved maps, no re-run
    video = txt.parent / "mini.mp4"
    assert main(["export-video", "--sequence", str(seq), "--results", str(txt.parents[2]), "--map", "response",
                 "--out", str(video)]) == 0
    err = capsys.readouterr().err
    assert "using the 'response' maps saved with" in err and "no re-run" in err, err
    assert video.is_file()


def test_exported_boxes_carry_the_runs_maps_kept_or_saved(qtbot, window, tmp_path, capsys, monkeypatch):
    w = window
    seq = _run_fake(qtbot, w, tmp_path / "data")
    assert w.live["fake"].maps  # the window keeps them
    files = w.export_boxes(tmp_path / "out")
    _check_export(files, seq, capsys)
    # the same run saved and opened again without its maps read back (a window and a run of its own before)
    _a_saved_runs_maps_are_exported_from_its_maps_file(w, seq, tmp_path, capsys, monkeypatch)


def _a_saved_runs_maps_are_exported_from_its_maps_file(w, seq, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(w.tracking, "load_saved_maps", lambda s: None)  # not read back into the window
    assert w.open_path(seq)
    run = w.live["fake"]
    assert run.status == "saved" and not run.maps
    files = w.export_boxes(tmp_path / "out2")
    _check_export(files, seq, capsys)
