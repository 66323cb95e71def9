"""generate hsi-video / hsi-convert made --out first (check_outputs) and left it empty after a failure or a Ctrl-C;
a folder the user named that did not exist stays absent, one that existed (or holds a finished video) stays."""
import pytest

import workbench.core.data.hsi_convert as hsi_convert
import workbench.core.data.hsi_generate as hsi_generate
from workbench.cli import main

TINY = ["--synthetic-scene", "--size", "16x16", "--bands", "4", "--frames", "2"]


def test_a_failed_generate_leaves_no_folder(tmp_path, capsys):
    out = tmp_path / "new" / "videos"
    assert main(["generate", "hsi-video", "--cube", str(tmp_path / "nope.hdr"), "--out", str(out)]) == 2
    assert "scene cube not found" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    assert main(["generate", "hsi-video", "--cube", str(tmp_path / "nope.hdr"), "--out", str(kept)]) == 2
    assert kept.is_dir()


def test_an_interrupted_generate_or_convert_leaves_no_folder(tmp_path, monkeypatch):
    src = tmp_path / "src"
    assert main(["generate", "hsi-video", *TINY, "--out", str(src)]) == 0

    def stop(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(hsi_convert, "write_hot", stop)
    assert main(["generate", "hsi-convert", str(next(src.glob("*.h5"))), "--format", "hot",
                 "--out", str(tmp_path / "conv" / "hot")]) == 130
    assert not (tmp_path / "conv").exists()

    monkeypatch.setattr(hsi_generate, "write_video", stop)
    with pytest.raises(KeyboardInterrupt):
        hsi_generate.generate_command(["hsi-video", *TINY, "--out", str(tmp_path / "gen")])
    assert not (tmp_path / "gen").exists() and src.is_dir()
