"""`workbench export-results`: every run is planned before any is written, so two runs bound for one file
(two layouts of one method in one folder, --name giving two runs one folder) or a bad folder name of a later run
is refused with nothing written; an --out inside the results folder read (whose copies became runs of it, read
twice by eval) is refused."""
from __future__ import annotations

import pytest

from tests.test_h4_outputs import make_tiny
from workbench.cli import main


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return make_tiny(tmp_path_factory.mktemp("h4x"))


def test_export_results_refuses_two_runs_bound_for_one_file_before_writing(tiny, tmp_path, capsys):
    out = tmp_path / "x"
    assert main(["export-results", str(tiny / "res"), "--toolkit", "pysot", "--out", str(out),
                 "--name", "kcf=A", "--name", "mil=A"]) == 2
    err = capsys.readouterr().err
    assert "runs 'kcf' and 'mil' would both be exported to" in err and "--name mil=FOLDER" in err
    assert not out.exists()  # the first run was written, then the second refused
    # a bad folder name of the second run: refused before the first run is written
    assert main(["export-results", str(tiny / "res"), "--toolkit", "pysot", "--out", str(out),
                 "--name", "mil=.."]) == 2
    assert "is not a folder name" in capsys.readouterr().err
    assert not out.exists()


def test_export_results_refuses_an_out_inside_the_results_it_reads(tiny, capsys):
    before = sorted(p.relative_to(tiny) for p in (tiny / "res").rglob("*"))
    for out in (tiny / "res", tiny / "res" / "pysot"):
        assert main(["export-results", str(tiny / "res"), "--toolkit", "pysot", "--out", str(out)]) == 2
        assert f"--out {out}: is inside the results folder" in capsys.readouterr().err
    assert sorted(p.relative_to(tiny) for p in (tiny / "res").rglob("*")) == before
