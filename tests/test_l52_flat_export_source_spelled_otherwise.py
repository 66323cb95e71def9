"""``workbench export-results`` of the same runs into the same --out, the results folder typed another way: the
manifest.json recorded ``"source"`` as typed (``res``), and the check for the same export again compared the
manifest byte for byte, so ``res`` then ``/abs/res`` (or another working folder, or the results folder moved) was
refused, exit 2, saying "(the same boxes): nothing is left to export". The source is recorded resolved and left out
of that comparison (boxes, times and the rest of the manifest must still match); a refusal whose boxes are all
there names the file that differs."""
import json
import shutil

import numpy as np

from workbench.cli import main
from workbench.core.results import update_manifest, write_boxes, write_times

BOXES = np.array([[10.0 + k, 12.0, 6.0, 5.0] for k in range(5)])


def _results(root):
    for k, method in enumerate(("kcf", "csrt")):
        folder = root / "data" / method / "default"
        for seq in ("s1", "s2"):
            write_boxes(folder / f"{seq}.txt", BOXES + 2 * k, 0)
            write_times(folder / f"{seq}_time.txt", np.full(len(BOXES), 0.02))
            update_manifest(folder, {"method": method, "kind": "tracker", "variant": "default"}, seq,
                            {"box_offset": 0, "start_frame": 0, "completed": True})
    return root


def _bytes(out):
    return {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_relative_absolute_and_moved_results_are_the_same_export(tmp_path, capsys, monkeypatch):
    _results(tmp_path / "work" / "res")
    monkeypatch.chdir(tmp_path / "work")
    assert main(["export-results", "res", "--toolkit", "got10k", "--out", "out"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    manifest = json.loads((tmp_path / "work" / "out" / "kcf" / "manifest.json").read_text())
    assert manifest["source"] == str((tmp_path / "work" / "res" / "data" / "kcf" / "default").resolve())
    first = _bytes(tmp_path / "work" / "out")

    # the same folder typed absolute, from elsewhere
    monkeypatch.chdir(tmp_path)
    cmd = ["export-results", str(tmp_path / "work" / "res"), "--toolkit", "got10k", "--out", "work/out"]
    assert main(cmd) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert said.count("unchanged: ") == 2 and "wrote" not in said, said

    # the results folder moved: the same runs, the same export
    shutil.move(str(tmp_path / "work" / "res"), str(tmp_path / "moved"))
    assert main(["export-results", "moved", "--toolkit", "got10k", "--out", "work/out"]) == 0, \
        capsys.readouterr().err
    assert capsys.readouterr().out.count("unchanged: ") == 2
    assert _bytes(tmp_path / "work" / "out") == first  # nothing written over, the first source kept


def test_rgbt_layout_with_a_manifest_is_the_same_export_from_a_moved_folder(tmp_path, capsys):
    _results(tmp_path / "res")
    out = tmp_path / "out"
    assert main(["export-results", str(tmp_path / "res"), "--toolkit", "lasher", "--out", str(out)]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    assert (out / "kcf" / "manifest.json").is_file()
    first = _bytes(out)
    shutil.move(str(tmp_path / "res"), str(tmp_path / "res2"))
    assert main(["export-results", str(tmp_path / "res2"), "--toolkit", "lasher", "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert capsys.readouterr().out.count("unchanged: ") == 2
    assert _bytes(out) == first


def test_same_boxes_other_times_names_the_file_that_differs(tmp_path, capsys):
    res, out = _results(tmp_path / "res"), tmp_path / "out"
    cmd = ["export-results", str(res), "--toolkit", "got10k", "--out", str(out)]
    assert main(cmd) == 0, capsys.readouterr().err
    capsys.readouterr()
    (out / "csrt" / "times" / "s2_time.txt").write_text("0.5\n" * len(BOXES))
    first = _bytes(out)
    assert main(cmd) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "nothing is left to export" not in err, err
    assert f"but {out / 'csrt' / 'times' / 's2_time.txt'} is not what this export writes" in err, err
    assert f"remove {out / 'csrt'} to export it there again" in err, err
    assert _bytes(out) == first

    # a manifest that differs beyond its source (another variant recorded) is not the same export either
    (out / "csrt" / "times" / "s2_time.txt").write_text((res / "data" / "csrt" / "default" / "s2_time.txt")
                                                        .read_text())
    assert main(cmd) == 0, capsys.readouterr().err  # times put back: the same export again
    capsys.readouterr()
    m = json.loads((out / "kcf" / "manifest.json").read_text())
    (out / "kcf" / "manifest.json").write_text(json.dumps({**m, "variant": "other"}))
    assert main(cmd) == 2
    assert f"but {out / 'kcf' / 'manifest.json'} is not what" in " ".join(capsys.readouterr().err.split())
