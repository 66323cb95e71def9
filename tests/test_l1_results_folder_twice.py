"""The same results folder given twice (L1 fuzz sweep): eval scored its runs as two trackers, 'kcf' and "kcf'",
without a word; it is refused naming the folder."""
from __future__ import annotations

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_eval_refuses_one_results_folder_given_twice(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=3, width=32, height=24)
    res = tmp_path / "res" / "kcf"
    res.mkdir(parents=True)
    (res / f"{seq.name}.txt").write_text("1,1,8,8\n" * 3)
    rc = main(["eval", str(tmp_path / "res"), str(tmp_path / "res" / ".." / "res"), "--dataset", str(seq)])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert rc == 2 and "given twice" in err and str(tmp_path / "res") in err, err
