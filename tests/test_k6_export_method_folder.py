"""export-results (and eval) given a method's folder (OUT/<dataset>/kcf) read its variant folders as flat runs of a
method called "default" and exported them as tracker "default"; they are kcf's runs."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_method_folder_exports_under_the_method_name(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=6, width=64, height=48, seed=3, name="s")
    out = tmp_path / "r"
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(out)]) == 0
    x = tmp_path / "x"
    assert main(["export-results", str(out / "data" / "kcf"), "--toolkit", "pytracking", "--out", str(x)]) == 0
    assert sorted(p.relative_to(x).as_posix() for p in x.rglob("*.txt")) == ["kcf/default/s.txt",
                                                                            "kcf/default/s_time.txt"]
    capsys.readouterr()
    assert main(["eval", str(out / "data" / "kcf"), "--dataset", str(seq)]) == 0
    rows = [ln.split()[0] for ln in capsys.readouterr().out.splitlines() if ln.strip().endswith("6")]
    assert rows == ["kcf"], rows
