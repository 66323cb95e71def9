"""`workbench bench contention --quick` printed nothing until its table, after all four wait policies (more than ten
minutes on a busy 2-core machine): each policy is said on stderr as it ends. The workload processes are stand-ins."""
from workbench.core import bench


def test_q5_contention_says_each_policy_as_it_ends(monkeypatch, capsys):
    mod = bench.load("contention")
    monkeypatch.setattr(mod, "_workload", lambda n, env: {"lw_irstnet": 10.0, "ps_siamfcpp": "not installed"})
    monkeypatch.setattr(mod, "_beside_training", lambda n, env, seconds: {"lw_irstnet": 5.0,
                                                                          "ps_siamfcpp": "not installed"})
    out = mod.run(quick=True)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if "alone / beside training" in ln]
    assert len(lines) == len(mod.POLICIES), err
    assert lines[0].strip().startswith(f"{mod.POLICIES[0]} (1 of {len(mod.POLICIES)})")
    assert "lw_irstnet 10.00 / 5.00" in lines[0] and "ps_siamfcpp not installed / not installed" in lines[0]
    assert [r["ratio"] for r in out["rows"] if r["status"] == "ok"] == [0.5] * len(mod.POLICIES)
