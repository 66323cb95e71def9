"""`run --dataset SEQ` (a sequence folder given as the dataset) stored its results under SEQ's own name while eval,
report and the exports looked under the folder holding it (as `run --sequence SEQ` names it): the same arguments
failed with "no result files". One rule names the dataset now (``runs.dataset_of``); results that earlier versions
stored under SEQ's own name are still found, the new name's first."""
import shutil

import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


@pytest.fixture(scope="module")
def seq(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("k6") / "data", frames=6, width=64, height=48, seed=3, name="s")


@pytest.mark.parametrize("protocol", ["ope", "vot"])
def test_run_then_eval_with_the_same_dataset(seq, tmp_path, capsys, protocol):
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(seq), "--out", str(out), "--protocol", protocol]) == 0
    assert [p.name for p in out.iterdir()] == ["data"]  # named as `run --sequence` names it
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", protocol]) == 0
    assert "kcf" in capsys.readouterr().out


def test_results_of_earlier_versions_are_found_the_new_name_first(seq, tmp_path, capsys):
    new = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(seq), "--out", str(new)]) == 0
    old = tmp_path / "old"
    shutil.copytree(new / "data", old / "s")  # where an earlier version stored `run --dataset SEQ`
    # (report looks where eval looks, through the same cli._levels; left out here for time: it draws plots)
    for cmd in (["eval", str(old)], ["export-results", str(old), "--toolkit", "pytracking", "--out", str(tmp_path / "x")]):
        assert main(cmd + ["--dataset", str(seq)]) == 0, cmd
    assert (tmp_path / "x" / "kcf" / "default" / "s.txt").is_file()
    assert main(["export-video", "--results", str(old), "--sequence", str(seq), "--out", str(tmp_path / "v.mp4")]) == 0
    # both present: the new name's boxes are scored
    shutil.copytree(new / "data", new / "s")
    f = new / "s" / "kcf" / "default" / "s.txt"
    f.write_text("\n".join(["1,1,2,2"] * 6) + "\n")
    capsys.readouterr()
    assert main(["eval", str(new), "--dataset", str(seq), "--json", str(tmp_path / "e.json")]) == 0
    text = (tmp_path / "e.json").read_text()
    assert "kcf" in text and "@s" not in text  # one run, not two
    assert main(["eval", str(old), "--dataset", str(seq), "--json", str(tmp_path / "o.json"), "--force"]) == 0
    assert (tmp_path / "o.json").read_text() == (tmp_path / "e.json").read_text().replace(str(new), str(old))


def test_one_rule_for_the_name(seq):
    from workbench.core.data import open_dataset
    from workbench.core.runs import dataset_names, dataset_of

    root = seq.parent
    assert dataset_of(None, seq, open_dataset(seq))[0] == "data"
    assert dataset_of(seq, seq)[0] == "data"  # no listing: the sequence is the root
    assert dataset_of(seq, root, open_dataset(root))[0] == "data" == dataset_of(seq)[0]
    assert dataset_names(seq, open_dataset(seq)) == ("data", "s")
    assert dataset_names(root, open_dataset(root)) == ("data",)


def test_window_dataset_listing_names_a_sequence_root_as_run_does(seq, tmp_path):
    """A sequence folder opened as a dataset in the window: its Results column is listed under the name its runs
    are saved under (the window's runs follow ``dataset_of`` as `run` does)."""
    from workbench.gui.controllers.sequence import dataset_results

    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 0
    assert dataset_results(out, seq)[2] == {"s": ["kcf"]}
