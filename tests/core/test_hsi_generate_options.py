"""``workbench generate hsi-video``: its numbers checked through core.options (the option, the value typed,
one wording), before the --out folder is made."""
from workbench.cli import main


def test_generate_numbers_name_option_and_value(tmp_path, capsys):
    out = tmp_path / "v"
    base = ["generate", "hsi-video", "--synthetic-scene", "--out", str(out)]
    for extra, said in ((["--frames", "1"], "--frames 1: must be at least 2"),
                        (["--videos", "0"], "--videos 0: must be at least 1"),
                        (["--bands", "1"], "--bands 1: must be at least 2 (a hyperspectral video)"),
                        (["--distractors", "-1"], "--distractors -1: must be at least 0"),
                        (["--gap", "nan"], "--gap nan: must be a finite number, at least 0")):
        assert main(base + extra) == 2
        assert capsys.readouterr().err.strip() == f"workbench: error: {said}"
    assert not out.exists()
