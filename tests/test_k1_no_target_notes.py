"""A sequence whose groundtruth shows no target in any frame scored 0.000 (or nan, or zero overlap) without a word on
the got10k, vot, tre and sre paths of eval and in report (only the default one-pass path said so); each now says it,
one line per such sequence, naming it and what its score means."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo

NOTE = "note: b: its groundtruth shows no target in any frame"


def _notes(err: str) -> list[str]:
    assert "Traceback" not in err
    return [ln for ln in err.splitlines() if ln.startswith(NOTE)]


def test_eval_protocols_and_report_name_a_sequence_without_a_target(tmp_path, capsys, monkeypatch):
    data, res = tmp_path / "data", tmp_path / "r"
    for name in ("a", "b"):
        write_demo(data, frames=8, width=64, height=48, seed=2, name=name)
    for protocol in ("ope", "vot", "tre"):  # sre is scored by tre's code (eval's _eval_robustness)
        assert main(["run", "--tracker", "kcf", "--dataset", str(data), "--out", str(res), "--protocol", protocol,
                     "--segments", "1"]) == 0
    (data / "b" / "groundtruth_rect.txt").write_text("NaN,NaN,NaN,NaN\n" + "5,5,0,0\n" * 7)  # NaN and zero size
    capsys.readouterr()
    for protocol, said in (("got10k", "AO / SR are nan"), ("vot", "zero overlap in the EAO"),
                           ("tre", "left out of the mean")):
        assert main(["eval", str(res), "--dataset", str(data), "--protocol", protocol, "--eao-range", "1,8"]) == 0
        notes = _notes(capsys.readouterr().err)
        assert len(notes) == 1 and said in notes[0], (protocol, notes)
    # frames scored as failures under --absent failure: nothing to say
    assert main(["eval", str(res), "--dataset", str(data), "--protocol", "tre", "--absent", "failure"]) == 0
    assert _notes(capsys.readouterr().err) == []
    from workbench.core.evaluation import report

    # the page's plots and timelines (2 s) are not what is checked here
    monkeypatch.setattr(report, "curve_svgs", lambda *a, **k: [])
    monkeypatch.setattr(report, "timeline_png", lambda *a, **k: "")
    assert main(["report", str(res), "--dataset", str(data), "--out", str(tmp_path / "page")]) == 0
    notes = _notes(capsys.readouterr().err)
    assert len(notes) == 1 and "its 0.000 is no score" in notes[0]
    assert "no target in any frame" in (tmp_path / "page" / "report.html").read_text()
