"""`workbench train seq_irst` bad input: a --train-frames / --val-frames range that selects no frame of the
sequence (the run trained on the other data alone and "succeeded"), --synthetic-size too small to place a
target in (numpy's "low >= high" traceback), a negative --seed (numpy's traceback). Generated data."""
import numpy as np
import pytest


def _daub(root, n=6):
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((32, 32), 40, np.uint8)
        x[10 + i, 12] = 220
        write_image(root / "frames" / f"{i + 1:04d}.png", x)
    (root / "anno_xy.txt").write_text("".join(f"12\t{10 + i}\n" for i in range(n)))
    return root


def _argv(out, *extra):
    return ["train", "seq_irst", "--synthetic", "1", "--synthetic-size", "64x48", "--synthetic-frames", "6",
            "--crop", "16", "--epochs", "1", "--device", "cpu", "--threads", "1", "--out", str(out), *extra]


@pytest.mark.parametrize("extra, words", [
    (["--train-frames", "50:60"], "--train-frames 50:60: selects no frame of {seq} (6 frames;"),
    (["--train-frames", "5:2"], "--train-frames 5:2: selects no frame of {seq} (6 frames;"),
    (["--val-frames", "9:1"], "--val-frames 9:1: selects no frame of {seq} (6 frames;"),
    (["--synthetic-size", "4x4"], "--synthetic-size 4x4: frames of at least 16x16 are needed"),
    (["--seed", "-1"], "--seed -1: must be between 0 and"),
])
def test_bad_ranges_sizes_and_seeds_are_refused(tmp_path, capsys, extra, words):
    from workbench.cli import main as cli

    seq = _daub(tmp_path / "seq")
    where = ["--val", str(seq)] if extra[0] == "--val-frames" else ["--data", str(seq)]
    assert cli(_argv(tmp_path / "run", *where, *extra)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("workbench: error: ") and len(err.splitlines()) == 1, err
    assert words.format(seq=seq) in err, err
    assert not (tmp_path / "run" / "last.pt").exists()


def test_loso_refuses_a_negative_seed(tmp_path, capsys):
    from workbench.cli import main as cli

    _daub(tmp_path / "a" / "seq_a")
    _daub(tmp_path / "b" / "seq_b")
    assert cli(["train", "seq_irst", "--loso", "--root", str(tmp_path / "a"), "--root", str(tmp_path / "b"),
                "--out", str(tmp_path / "run"), "--epochs", "1", "--crop", "16", "--synthetic", "0",
                "--threads", "1", "--device", "cpu", "--seed", "-1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "workbench: error: --seed -1: must be between 0 and 2147483647 (a random seed)", err
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("text, words", [
    ("[]", "not a seq_irst project file: holds a JSON list, not an object"),  # AttributeError traceback
    ('{"sequences": "x"}', "not a seq_irst project file: 'sequences' is not a list"),
    ('{"sequences": [{"name": "a"}]}', "not a seq_irst project file: sequence entry 1 lacks its name, path or role"),
    ('{"sequences": [{"name": "a", "path": "p", "role": "test"}]}', "role 'test' is none of train, val, mined"),
    ('{"sequences": [{"name": "a", "path": "p", "role": "train", "frames": "1:3"}]}',
     "sequence 'a': 'frames' is not a list of frame numbers"),
    ('{"sequences": [{"name": "s", "path": "SEQ", "role": "train", "frames": [2, 60]}]}',
     "sequence 's': frame 60 listed, but it has 6 frames (0-based)"),  # IndexError traceback
])
def test_a_damaged_project_file_is_one_line(tmp_path, capsys, text, words):
    from workbench.cli import main as cli

    seq = _daub(tmp_path / "seq")
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / "project.json").write_text(text.replace("SEQ", str(seq)))
    assert cli(_argv(tmp_path / "run", "--project", str(tmp_path / "proj"))) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"workbench: error: {tmp_path / 'proj' / 'project.json'}: ") and words in err, err
    assert len(err.splitlines()) == 1 and not (tmp_path / "run" / "last.pt").exists()


def test_a_range_past_the_end_is_cut_and_said():
    """--train-frames 0:1000 on a 12-frame sequence was cut to 0:12 without a word."""
    from workbench.core.errors import DataWarning
    from workbench_seq_irst.sequences import frame_range
    from workbench_seq_irst.train import frames_in

    seq = type("Seq", (), {"path": "/data/daub/sequence1", "name": "sequence1", "__len__": lambda self: 12})()
    with pytest.warns(DataWarning, match=r"--train-frames 0:1000: /data/daub/sequence1 has 12 frames; frames 0:12 are used"):
        assert frames_in(seq, frame_range("0:1000"), "--train-frames", "0:1000") == list(range(12))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert frames_in(seq, frame_range("2:"), "--train-frames", "2:") == list(range(2, 12))
        assert frames_in(seq, frame_range("0:12"), "--train-frames", "0:12") == list(range(12))
