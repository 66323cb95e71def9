"""A results folder and one inside it given together (``eval res res/DATASET``): each run was scored twice, as the
trackers ``d:kcf`` and ``res:kcf``, without a word; refused naming both, whichever comes first. Two separate
folders side by side are still scored together."""
from __future__ import annotations

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _res(tmp_path, seq, name):
    run = tmp_path / name / "d" / "kcf"
    run.mkdir(parents=True)
    (run / f"{seq.name}.txt").write_text("1,1,8,8\n" * 3)
    return tmp_path / name


def test_eval_refuses_a_results_folder_inside_another_given(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=3, width=32, height=24)
    res = _res(tmp_path, seq, "res")
    for roots in ([res, res / "d"], [res / "d", res]):
        assert main(["eval", *map(str, roots), "--dataset", str(seq)]) == 2
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert f"{res / 'd'}: inside {res}" in err and "scored twice" in err, err
    other = _res(tmp_path, seq, "res2")
    assert main(["eval", str(res), str(other), "--dataset", str(seq)]) == 0
