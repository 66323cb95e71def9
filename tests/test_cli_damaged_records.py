"""Damaged run records and outputs in the way, through ``workbench.cli.main``: a manifest whose records
have the wrong shape is one error naming it (never an AttributeError), a box offset other than 0 or 1
is refused (it would shift every box silently), and an output file that is already there is kept unless
``--force`` is given."""
import json

import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """A tiny demo sequence with a one-pass and a TRE run of kcf (made once: every test copies them)."""
    root = tmp_path_factory.mktemp("records")
    seq = write_demo(root / "data", frames=8, width=64, height=48)
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(root / "ope")]) == 0
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(root / "tre"), "--protocol", "tre",
                 "--segments", "2"]) == 0
    return root, seq


def _copy(src, dst):
    import shutil

    shutil.copytree(src, dst)
    (manifest,) = dst.rglob("manifest.json")
    return manifest


def _last_error(err: str) -> str:
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert lines and lines[-1].startswith("workbench: error: "), err
    return lines[-1]


@pytest.mark.parametrize("damage, said", [
    (lambda d: d.update(sequences=["demo_thermal"]), "'sequences' is a list"),
    (lambda d: d["sequences"].update(demo_thermal="done"), "its record is a text"),
    (lambda d: d["sequences"]["demo_thermal"].update(box_offset=7), "'box_offset' must be 0 or 1, not 7"),
    (lambda d: d["sequences"]["demo_thermal"].update(start_frame=-2), "'start_frame' must be a frame index"),
])
def test_a_one_pass_manifest_of_the_wrong_shape_is_one_error_naming_it(runs, tmp_path, capsys, damage, said):
    root, seq = runs
    manifest = _copy(root / "ope", tmp_path / "ope")
    data = json.loads(manifest.read_text())
    damage(data)
    manifest.write_text(json.dumps(data))
    for argv in (["eval", str(tmp_path / "ope"), "--dataset", str(seq)],
                 ["export-results", str(tmp_path / "ope"), "--toolkit", "got10k", "--out", str(tmp_path / "x")]):
        assert main(argv) == 2
        line = _last_error(capsys.readouterr().err)
        assert str(manifest) in line and said in line


@pytest.mark.parametrize("runs_value, said", [("x", "'runs' is a text"), ([{"start_frame": "0"}], "run 1: 'start_frame'")])
def test_a_tre_manifest_of_the_wrong_shape_is_one_error_naming_it(runs, tmp_path, capsys, runs_value, said):
    root, seq = runs
    manifest = _copy(root / "tre", tmp_path / "tre")
    data = json.loads(manifest.read_text())
    data["sequences"]["demo_thermal"]["runs"] = runs_value
    manifest.write_text(json.dumps(data))
    assert main(["eval", str(tmp_path / "tre"), "--dataset", str(seq), "--protocol", "tre"]) == 2
    line = _last_error(capsys.readouterr().err)
    assert str(manifest) in line and said in line


def test_a_new_run_keeps_a_manifest_of_the_wrong_shape_aside(runs, tmp_path, capsys):
    root, seq = runs
    manifest = _copy(root / "ope", tmp_path / "ope")
    manifest.write_text(json.dumps({"method": "kcf", "sequences": ["demo_thermal"]}))
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "ope")]) == 0
    assert json.loads(manifest.with_name("manifest.json.damaged").read_text())["sequences"] == ["demo_thermal"]
    assert "demo_thermal" in json.loads(manifest.read_text())["sequences"]


def test_files_already_there_are_kept_unless_force(runs, tmp_path, capsys):
    root, seq = runs
    ope = str(root / "ope")
    mine = {name: tmp_path / name for name in ("s.json", "s.csv", "v.mp4", "b.json")}
    for p in mine.values():
        p.write_text("mine\n")
    (tmp_path / "plots").mkdir()
    (tmp_path / "plots" / "precision.svg").write_text("mine\n")
    (tmp_path / "rep").mkdir()
    (tmp_path / "rep" / "report.tex").write_text("mine\n")
    refused = [
        (["eval", ope, "--dataset", str(seq), "--json", str(mine["s.json"])], mine["s.json"]),
        (["eval", ope, "--dataset", str(seq), "--csv", str(mine["s.csv"])], mine["s.csv"]),
        (["eval", ope, "--dataset", str(seq), "--plots", str(tmp_path / "plots")], tmp_path / "plots" / "precision.svg"),
        (["report", ope, "--dataset", str(seq), "--out", str(tmp_path / "rep")], tmp_path / "rep" / "report.tex"),
        (["export-video", "--sequence", str(seq), "--results", ope, "--out", str(tmp_path / "v")], mine["v.mp4"]),
        (["bench", "evaluation", "--quick", "--json", str(mine["b.json"])], mine["b.json"]),
    ]
    for argv, kept in refused:
        assert main(argv) == 2, argv
        line = _last_error(capsys.readouterr().err)
        assert str(kept) in line and "--force" in line
        assert kept.read_text() == "mine\n"
    assert not (tmp_path / "rep" / "report.html").exists()  # refused before any work
    for argv, kept in (refused[0], refused[4]):  # the others' writers are the same check's
        assert main([*argv, "--force"]) == 0, argv
        assert kept.read_bytes() != b"mine\n"
    capsys.readouterr()


def test_options_a_command_would_ignore_are_refused(runs, tmp_path, capsys):
    root, seq = runs
    ope = str(root / "ope")
    cases = [
        # demo: a segmenter among --trackers was a traceback after the demo was made; nothing is made now
        (["demo", "--trackers", "kcf,tophat", "--frames", "3", "--out", str(tmp_path / "demo")],
         "'tophat' is a segmenter, not a tracker"),
        (["demo", "--trackers", ",", "--frames", "3", "--out", str(tmp_path / "demo")], "give tracker names"),
        # scores that do not follow these options were printed as if they did
        (["eval", ope, "--dataset", str(seq), "--protocol", "got10k", "--pooled"], "--pooled: not for --protocol got10k"),
        (["eval", ope, "--dataset", str(seq), "--protocol", "vot", "--absent", "otb"], "--absent: not for --protocol vot"),
        # a misspelt --name label left its run under the default name
        (["export-results", ope, "--toolkit", "otb", "--name", "kfc=KCF", "--out", str(tmp_path / "exp")],
         "--name kfc=...: no run 'kfc'"),
    ]
    for argv, said in cases:
        assert main(argv) == 2, argv
        assert said in _last_error(capsys.readouterr().err)
    assert not (tmp_path / "demo").exists() and not (tmp_path / "exp").exists()


def test_a_pipe_or_a_link_given_as_output_is_written_into_not_replaced(runs, tmp_path, capsys):
    """``--json /dev/stdout`` or a named pipe: the file renamed over it replaced the pipe (as root, a device such
    as /dev/null too); a link to a file lost its link. Both are written through now."""
    import os
    import stat
    import threading

    root, seq = runs
    fifo = tmp_path / "scores.pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()), daemon=True)
    reader.start()
    assert main(["eval", str(root / "ope"), "--dataset", str(seq), "--json", str(fifo)]) == 0
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and '"kcf"' in got[0]
    target = tmp_path / "kept.json"
    target.write_text("{}")
    (tmp_path / "link.json").symlink_to(target.name)
    assert main(["eval", str(root / "ope"), "--dataset", str(seq), "--json", str(tmp_path / "link.json"), "--force"]) == 0
    assert (tmp_path / "link.json").is_symlink() and '"kcf"' in target.read_text()
    capsys.readouterr()


def test_exports_of_a_folder_of_another_protocol_say_what_it_holds(runs, tmp_path, capsys):
    root, seq = runs
    tre = str(root / "tre")
    for argv in (["export-results", tre, "--toolkit", "otb", "--out", str(tmp_path / "x")],
                 ["export-video", "--sequence", str(seq), "--results", tre, "--out", str(tmp_path / "v.mp4")]):
        assert main(argv) == 2
        line = _last_error(capsys.readouterr().err)
        assert tre in line and "it holds TRE runs, which only `workbench eval --protocol tre` reads" in line


def test_report_says_a_longer_result_file_was_cut_as_eval_does(runs, tmp_path, capsys, monkeypatch):
    from workbench.core.evaluation import report

    monkeypatch.setattr(report, "curve_svgs", lambda *a, **k: [])  # the drawings are not what is checked
    monkeypatch.setattr(report, "timeline_png", lambda *a, **k: "")
    root, seq = runs
    _copy(root / "ope", tmp_path / "ope")
    (boxes,) = [p for p in (tmp_path / "ope").rglob("demo_thermal.txt")]
    boxes.write_text(boxes.read_text() * 2)
    assert main(["report", str(tmp_path / "ope"), "--dataset", str(seq), "--out", str(tmp_path / "rep")]) == 0
    err = capsys.readouterr().err
    assert f"note: {boxes}: 8 row(s) after the 8 frames of 'demo_thermal' dropped" in err


def test_a_title_of_several_lines_stays_in_the_latex_comment():
    from workbench.core.evaluation.report import latex_table

    tex = latex_table([], title="first\n\\end{tabular}\r\nthird")
    assert tex.splitlines()[0] == "% first \\textbackslash{}end\\{tabular\\} third"
    assert all(line.startswith(("%", "\\")) for line in tex.splitlines()[:4])


def test_eval_of_data_moved_to_another_folder_names_the_dataset_the_runs_hold(runs, tmp_path, capsys):
    import shutil

    root, seq = runs
    moved = shutil.copytree(seq, tmp_path / "elsewhere" / seq.name)
    assert main(["eval", str(root / "ope"), "--dataset", str(moved)]) == 2
    line = _last_error(capsys.readouterr().err)
    assert "found for dataset 'demo_thermal'; it holds runs of dataset 'data'" in line  # the root given names it


def test_a_folder_where_the_maps_file_goes_is_left_and_the_run_is_saved(runs, tmp_path, capsys):
    root, seq = runs
    manifest = _copy(root / "ope", tmp_path / "ope")
    in_the_way = manifest.parent / "demo_thermal_maps.npz"
    in_the_way.mkdir()
    (in_the_way / "mine.txt").write_text("mine")
    for extra in ([], ["--save-maps"]):  # an IsADirectoryError after the boxes, before the manifest, both ways
        before = manifest.stat().st_mtime_ns
        assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "ope"), *extra]) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err and manifest.stat().st_mtime_ns != before
        assert (in_the_way / "mine.txt").read_text() == "mine"
    assert f"warning: {in_the_way}: maps not saved: is a folder" in err
