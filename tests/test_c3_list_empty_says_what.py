"""`workbench list --dataset FOLDER` on a folder without sequences said only "FOLDER: no sequences found": not what
it looks for nor what it saw. It names both, on one line that is not clipped."""
from workbench.cli import main


def test_empty_and_unknown_folders_say_what_was_looked_for_and_seen(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["list", "--dataset", str(empty)]) == 2
    said = capsys.readouterr().err
    assert "looked for frame folders, videos" in said and "it is empty" in said, said
    other = tmp_path / "other"
    (other / "notes").mkdir(parents=True)
    for i in range(12):
        (other / f"{i}.txt").write_text("1,2,3,4\n")
    (other / "readme.md").write_text("x")
    assert main(["list", "--dataset", str(other)]) == 2
    said = capsys.readouterr().err.strip()
    assert said.endswith("it holds 12 .txt files, 1 .md file, 1 folder"), said
