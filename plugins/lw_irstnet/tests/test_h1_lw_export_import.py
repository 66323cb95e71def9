"""`workbench export lw_irstnet --fixed 100000` was the allocator's RuntimeError traceback (120 GB asked for); `workbench
import lw_irstnet X --out FOLDER` (or under a file) was said after X was read and converted, without the option's
name. Both one line naming the option, before any weights are read."""


def test_a_huge_fixed_size_is_one_line(tmp_path, capsys):
    from workbench.cli import main as cli

    assert cli(["export", "lw_irstnet", "--onnx", str(tmp_path / "m.onnx"), "--weights", str(tmp_path / "none.pt"),
                "--fixed", "100000"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("workbench: error: --fixed 100000: must be 0 (dynamic height / width) or a positive multiple of 8 "
                   "up to 4096"), err
    assert not list(tmp_path.iterdir())


def test_import_out_that_cannot_be_a_file_is_said_first(tmp_path, capsys):
    from workbench.cli import main as cli

    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    missing = tmp_path / "theirs.pth"  # not read: the --out is refused first
    for out, words in ((tmp_path / "folder", "is a folder; a file name is needed"),
                       (tmp_path / "file" / "w.pt", f"its folder {tmp_path / 'file'} is a file")):
        assert cli(["import", "lw_irstnet", str(missing), "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith(f"workbench: error: --out {out}: {words}") and len(err.splitlines()) == 1, err
