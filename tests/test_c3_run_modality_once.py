"""`workbench run --dataset ROOT --tracker hanet` on a dataset of gray / rgb sequences refused each sequence apart,
the same long message once per sequence after the run had started. It is said once, before any work, naming how
many sequences and which; a tracker that takes them still runs them, the other's left-out sequences said once, and
the exit status is 2 when a tracker asked for ran nothing."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _dataset(root, n=3):
    for i in range(n):
        write_demo(root / f"s{i}", frames=3, width=32, height=24, seed=i, name=f"s{i}")
    return root


def test_nothing_fits_is_one_refusal_and_nothing_runs(tmp_path, capsys):
    root = _dataset(tmp_path / "data")
    rc = main(["run", "--dataset", str(root), "--tracker", "hanet", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert err.count("accepts hsi frames") == 1, err
    assert "3 of 3 sequences are ir16 (s0, s1, s2)" in err and "nothing was run" in err, err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.txt"))


def test_the_tracker_that_fits_runs_and_the_other_is_said_once(tmp_path, capsys):
    root = _dataset(tmp_path / "data", 2)
    rc = main(["run", "--dataset", str(root), "--tracker", "kcf,hanet", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2, err  # a tracker asked for ran nothing: not a clean exit for a script (R2)
    assert err.count("accepts hsi frames") == 1 and "hanet is not run" in err, err
    assert "hanet ran no sequence" in err, err
    assert sorted(p.name for p in (tmp_path / "out").rglob("s?.txt")) == ["s0.txt", "s1.txt"]
