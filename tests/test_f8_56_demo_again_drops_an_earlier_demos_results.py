"""A demo written over an earlier demo kept the results of trackers the earlier one ran and this one did not (another
--trackers): a 150-frame demo's kcf_dsst and mil stayed beside a 20-frame sequence, and `eval <out>/results
--dataset <out>/data` scored them against it. The earlier demo's results go; a user's files in a folder the demo was
forced into stay. Three frames, and the scores' plots (PNG, SVG, PDF: seconds) not drawn: they are not the case."""
from __future__ import annotations

import pytest

import workbench.cli as cli
from workbench.cli import main


@pytest.fixture(autouse=True)
def _no_plots(monkeypatch):
    monkeypatch.setattr(cli, "_write_outputs", lambda *a, **k: [])


def _trackers(out):
    return sorted(p.name for p in (out / "results" / "data").iterdir())


def test_demo_again_with_other_trackers_leaves_only_its_own_results(tmp_path):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--frames", "4", "--trackers", "kcf_dsst"]) == 0
    assert _trackers(out) == ["kcf_dsst"]
    assert main(["demo", "--out", str(out), "--frames", "3", "--trackers", "kcf"]) == 0
    assert _trackers(out) == ["kcf"]
    assert len((out / "results" / "data" / "kcf" / "default" / "demo_thermal.txt").read_text().splitlines()) == 3


def test_an_earlier_demo_of_before_the_marker_named_its_trackers(tmp_path):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--frames", "3", "--trackers", "kcf_dsst"]) == 0
    (out / ".workbench-demo").write_text("written by workbench demo: run it again to write over this folder\n")
    assert main(["demo", "--out", str(out), "--frames", "3", "--trackers", "kcf"]) == 0
    assert _trackers(out) == ["kcf"]  # kcf_dsst is a demo baseline holding the demo sequence's files alone


def test_a_users_files_beside_an_earlier_demos_stay(tmp_path):
    out = tmp_path / "mine"
    mine = out / "results" / "data" / "mytracker" / "default"
    mine.mkdir(parents=True)
    (mine / "demo_thermal.txt").write_text("1,2,3,4\n")  # a user's own tracker: no demo named it
    assert main(["demo", "--out", str(out), "--frames", "3", "--trackers", "kcf_dsst", "--force"]) == 0
    other = out / "results" / "data" / "kcf_dsst" / "default" / "my_sequence.txt"
    other.write_text("1,2,3,4\n")  # a user's run of the same tracker on their sequence, written into the demo's
    assert main(["demo", "--out", str(out), "--frames", "3", "--trackers", "kcf", "--force"]) == 0
    assert (mine / "demo_thermal.txt").is_file() and other.is_file()
