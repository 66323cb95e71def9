"""`workbench generate hsi-video` stopped by SIGTERM (the CLI raises KeyboardInterrupt("SIGTERM")) said
'generate stopped (Ctrl-C)': the signal is named as the run's stop names it."""
import pytest

import workbench.core.data.hsi_generate as hsi_generate

TINY = ["--synthetic-scene", "--size", "16x16", "--bands", "4", "--frames", "2"]


@pytest.mark.parametrize("stop, how", [(KeyboardInterrupt("SIGTERM"), "SIGTERM"), (KeyboardInterrupt(), "Ctrl-C")])
def test_a_stopped_generate_names_what_stopped_it(tmp_path, monkeypatch, capsys, stop, how):
    def write_video(*a, **k):
        raise stop

    monkeypatch.setattr(hsi_generate, "write_video", write_video)
    with pytest.raises(KeyboardInterrupt):
        hsi_generate.generate_command(["hsi-video", *TINY, "--out", str(tmp_path / "gen")])
    err = capsys.readouterr().err
    assert f"workbench: generate stopped ({how}) while writing " in err and "nothing of it was kept" in err, err
