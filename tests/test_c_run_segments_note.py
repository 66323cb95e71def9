"""`run --segments N` with --protocol ope or sre was taken and not used without a word (it sets TRE's starts only);
it is said in a note, and the run goes on."""
from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_segments_outside_tre_is_said_not_used(tmp_path, capsys):
    seq = write_demo(tmp_path / "data", frames=4, width=40, height=32, seed=3, name="s")
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r"),
                 "--segments", "5"]) == 0
    assert "note: --segments sets the starts of --protocol tre; not used by --protocol ope" in capsys.readouterr().err
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r")]) == 0
    assert "--segments" not in capsys.readouterr().err
