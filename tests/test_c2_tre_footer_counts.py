"""The TRE footer said "20 starts (unless set otherwise)" whatever the runs had (a sequence of 1 start, a run of
--segments 5); it says the starts the scored runs had, and what was asked."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_the_footer_says_the_starts_the_runs_had(tmp_path, capsys):
    data = tmp_path / "data"
    write_demo(data, frames=22, width=40, height=32, seed=1, name="short")
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--protocol", "tre", "--segments", "1",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", "--dataset", str(data), "--results", str(out), "--protocol", "tre"]) == 0
    said = capsys.readouterr().out
    assert "TRE, OTB convention: 1 start per sequence spread over" in said and "20 starts" not in said, said


def test_counts_that_differ_from_what_was_asked():
    from workbench.core.evaluation.robustness import tre_convention

    said = tre_convention([2, 20, 20], [20])
    assert said.startswith("TRE, OTB convention: 2 to 20 starts per sequence (20 asked; fewer where fewer frames "
                           "with a box leave 20 to the end) spread over"), said
    assert tre_convention([5, 5], [5]).startswith("TRE, OTB convention: 5 starts per sequence spread"), said
