"""`run --dataset SEQ` (a sequence folder given as the dataset) stored its results under SEQ's own name while eval,
report and the exports looked under the folder holding it (as `run --sequence SEQ` names it): the same arguments
failed with "no result files". One rule names the dataset now (``runs.dataset_of``: the root given names it), and
the readers look under both names, the root's first: `run --sequence SEQ`'s runs are found too."""
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
    assert [p.name for p in out.iterdir()] == ["s"]  # the root given names it, as before
    capsys.readouterr()
    assert main(["eval", str(out), "--dataset", str(seq), "--protocol", protocol]) == 0
    assert "kcf" in capsys.readouterr().out


def test_runs_of_the_sequence_opened_alone_are_found_the_roots_name_first(seq, tmp_path, capsys):
    new = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(seq), "--out", str(new)]) == 0
    old = tmp_path / "old"
    shutil.copytree(new / "s", old / "data")  # where `run --sequence SEQ` stores
    # (report looks where eval looks, through the same cli._levels; left out here for time: it draws plots)
    for cmd in (["eval", str(old)], ["export-results", str(old), "--toolkit", "pytracking", "--out", str(tmp_path / "x")]):
        assert main(cmd + ["--dataset", str(seq)]) == 0, cmd
    assert (tmp_path / "x" / "kcf" / "default" / "s.txt").is_file()
    assert main(["export-video", "--results", str(old), "--sequence", str(seq), "--out", str(tmp_path / "v.mp4")]) == 0
    # both present: the root's name's boxes are scored
    shutil.copytree(new / "s", new / "data")
    f = new / "data" / "kcf" / "default" / "s.txt"
    f.write_text("\n".join(["1,1,2,2"] * 6) + "\n")
    capsys.readouterr()
    assert main(["eval", str(new), "--dataset", str(seq), "--json", str(tmp_path / "e.json")]) == 0
    text = (tmp_path / "e.json").read_text()
    assert "kcf" in text and "@data" not in text  # one run, not two
    assert main(["eval", str(old), "--dataset", str(seq), "--json", str(tmp_path / "o.json"), "--force"]) == 0
    assert (tmp_path / "o.json").read_text() == (tmp_path / "e.json").read_text().replace(str(new), str(old))


def test_one_rule_for_the_name(seq):
    from workbench.core.data import open_dataset
    from workbench.core.runs import dataset_names, dataset_of

    root = seq.parent
    assert dataset_of(None, seq)[0] == "s"  # the root given names it
    assert dataset_of(seq, seq)[0] == "s"
    assert dataset_of(seq, root)[0] == "data" == dataset_of(seq)[0]
    assert dataset_names(seq, open_dataset(seq)) == ("s", "data")  # and where `run --sequence SEQ` stores
    assert dataset_names(root, open_dataset(root)) == ("data",)


def test_window_dataset_listing_names_a_sequence_root_as_run_does(seq, tmp_path):
    """A sequence folder opened as a dataset in the window: its Results column lists the runs of the sequence
    opened alone (`run --sequence`, stored under the folder holding it) too."""
    from workbench.gui.controllers.sequence import dataset_results

    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 0
    assert dataset_results(out, seq)[2] == {"s": ["kcf"]}
