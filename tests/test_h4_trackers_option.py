"""`--trackers` with a trailing comma (kcf,) was "no results for tracker ''" in eval and report, and an empty list
(--trackers ,) exported or drew every run as if it was not given: the labels given are used, none is refused."""
from __future__ import annotations

from tests.test_h4_outputs import make_tiny
from workbench.cli import main


def test_trackers_trailing_comma_and_empty_list(tmp_path, capsys):
    tiny = make_tiny(tmp_path)
    assert main(["eval", str(tiny / "res"), "--dataset", str(tiny / "data"), "--trackers", "kcf,"]) == 0
    out = capsys.readouterr().out
    assert "kcf" in out and "mil" not in out
    out_dir = tmp_path / "x"
    assert main(["export-results", str(tiny / "res"), "--toolkit", "pysot", "--out", str(out_dir),
                 "--trackers", ","]) == 2
    assert "--trackers ',': give run labels" in capsys.readouterr().err
    assert not out_dir.exists()
