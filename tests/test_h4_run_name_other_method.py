"""`workbench run --tracker kcf --name mil` wrote kcf's boxes over mil's run of the same sequence and relabelled
its folder kcf (mil's run lost, its scores now kcf's): a run folder of another method is not written into."""
from __future__ import annotations

from tests.test_h4_outputs import make_tiny
from workbench.cli import main


def test_name_of_another_methods_folder_is_refused(tmp_path, capsys):
    seq = make_tiny(tmp_path) / "data" / "seqA"
    out = tmp_path / "out"
    assert main(["run", "--tracker", "kcf_dsst", "--sequence", str(seq), "--out", str(out)]) == 0
    (dsst_file,) = out.glob("*/kcf_dsst/default/seqA.txt")
    before = dsst_file.read_text(), (dsst_file.parent / "manifest.json").read_text()
    capsys.readouterr()
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out), "--name", "kcf_dsst"]) == 2
    assert "holds runs of kcf_dsst; kcf's results are not written over them" in capsys.readouterr().err
    assert (dsst_file.read_text(), (dsst_file.parent / "manifest.json").read_text()) == before
    # the same method into its own folder again is a rerun, as before
    assert main(["run", "--tracker", "kcf_dsst", "--sequence", str(seq), "--out", str(out)]) == 0
