"""`workbench export-results`: a run of ours written for another toolkit from the command line, then scored
back with `workbench eval` to the same numbers; bad options refused with one line."""
from __future__ import annotations

import json

import pytest

from tests.core.test_export_for_toolkits import _our_run, otb  # noqa: F401  (the generated OTB-style dataset)
from workbench.cli import main


@pytest.mark.parametrize("toolkit", ["got10k", "pysot"])
def test_export_results_then_eval_gives_the_same_scores(otb, tmp_path, capsys, toolkit):  # noqa: F811
    _our_run(otb, tmp_path / "ours")
    assert main(["eval", str(tmp_path / "ours"), "--dataset", str(otb), "--json", str(tmp_path / "a.json")]) == 0
    assert main(["export-results", str(tmp_path / "ours"), "--toolkit", toolkit, "--out", str(tmp_path / "x"),
                 "--name", "kcf=KCF"]) == 0
    out = capsys.readouterr()
    assert "wrote" in out.out and "KCF" in out.out
    assert main(["eval", str(tmp_path / "x"), "--dataset", str(otb), "--json", str(tmp_path / "b.json")]) == 0
    a, b = (json.loads((tmp_path / f).read_text()) for f in ("a.json", "b.json"))
    (ka,), (kb,) = ([k for k in d if not k.startswith("_")] for d in (a, b))
    assert kb == "KCF"
    seqs = {s for s in a[ka] if not s.startswith("_")} & {s for s in b[kb] if not s.startswith("_")}
    assert len(seqs) >= 4
    for s in seqs:
        assert a[ka][s] == pytest.approx(b[kb][s], abs=1e-9), s


def test_export_results_refuses_a_bad_name_option(otb, tmp_path, capsys):  # noqa: F811
    _our_run(otb, tmp_path / "ours")
    assert main(["export-results", str(tmp_path / "ours"), "--toolkit", "pysot", "--out", str(tmp_path / "x"),
                 "--name", "kcf"]) != 0
    err = capsys.readouterr().err
    assert "--name kcf: give LABEL=FOLDER" in err
    assert not (tmp_path / "x").exists()


def test_export_results_that_writes_nothing_says_so(otb, tmp_path, capsys):  # noqa: F811
    """pytracking refuses files with nan rows; a run whose every file has one exports nothing: an error, with the
    notes saying why, not a 'wrote 0 files' that looks like success."""
    _our_run(otb, tmp_path / "ours")  # frame 7 lost in every sequence
    assert main(["export-results", str(tmp_path / "ours"), "--toolkit", "pytracking", "--out", str(tmp_path / "x")]) != 0
    err = capsys.readouterr().err
    assert "nan rows" in err and "nothing exported" in err


def test_eval_says_which_rows_of_a_longer_file_it_dropped(otb, tmp_path, capsys):  # noqa: F811
    _our_run(otb, tmp_path / "ours")
    f = tmp_path / "ours" / "OTB100" / "kcf" / "default" / "Crossing.txt"
    f.write_text(f.read_text() + "1,1,5,5\n2,2,5,5\n")
    assert main(["eval", str(tmp_path / "ours"), "--dataset", str(otb)]) == 0
    err = capsys.readouterr().err
    assert "note:" in err and "Crossing.txt" in err and "2 row(s)" in err
