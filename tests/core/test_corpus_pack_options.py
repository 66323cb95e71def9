"""``workbench corpus pack``: --exclude names checked against the corpus (close names, before any frame
is packed), --max-side / --quality in core.options' wording."""
from workbench import cli


def _demo(tmp_path):
    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path / "demo", frames=3, width=64, height=48)  # one source: demo_thermal
    return str(tmp_path / "demo")


def test_pack_refuses_an_unknown_exclude_name_before_packing(tmp_path, capsys):
    root, out = _demo(tmp_path), tmp_path / "c.wbpack.npz"
    assert cli.main(["corpus", "pack", root, "--out", str(out), "--exclude", "demo_thermel"]) == 2
    err = capsys.readouterr().err
    assert "--exclude demo_thermel: not in the corpus (did you mean demo_thermal?)" in err
    assert not out.exists()  # was a note, and the source went into the pack


def test_pack_bounds_in_the_options_wording(tmp_path, capsys):
    out = str(tmp_path / "c.wbpack.npz")
    assert cli.main(["corpus", "pack", str(tmp_path), "--out", out, "--quality", "0"]) == 2
    assert "--quality 0: must be between 1 and 100 (JPEG quality; 100: lossless PNG)" in capsys.readouterr().err
    assert cli.main(["corpus", "pack", str(tmp_path), "--out", out, "--max-side", "8"]) == 2
    assert "--max-side 8: must be at least 16" in capsys.readouterr().err
