"""`workbench run --sequence S` opened S to check it, then its task opened it again (about 2 s more for a
20,000-frame folder): opened once now, by the check, and handed to its task; a second tracker's task opens its own,
and a sequence handed over that no task took is not kept for a later run."""
import workbench.core.data as data
from workbench.cli import main
from workbench.core import batch
from workbench.core.data.synthetic import write_demo


def test_run_opens_its_sequence_once(tmp_path, monkeypatch, capsys):
    seq = write_demo(tmp_path / "data", frames=6, width=64, height=48)
    real, opened = data.open_sequence, []

    def counted(path, *a, **k):
        opened.append(str(path))
        return real(path, *a, **k)

    monkeypatch.setattr(data, "open_sequence", counted)
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "r")]) == 0
    assert len(opened) == 1, opened
    assert (tmp_path / "r" / "data" / "kcf" / "default" / "demo_thermal.txt").is_file()
    assert batch._HANDED == {}
    opened.clear()
    assert main(["run", "--tracker", "kcf,mil", "--sequence", str(seq), "--out", str(tmp_path / "s")]) == 0
    assert len(opened) == 2, opened  # the check's, taken by kcf; mil opens its own
    capsys.readouterr()
