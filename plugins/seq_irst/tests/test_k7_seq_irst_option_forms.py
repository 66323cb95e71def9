"""The workflow's `--size abc` was int()'s ValueError traceback; `detect --frames -1:` (and train's
`--val-frames -10:`) was argparse's "expected one argument", the range from the end taken for an option, while
`--frames=-1:` worked. --size is refused naming the option and the form; a range from the end is taken either way."""
import pytest


@pytest.mark.parametrize("size, said", [("abc", "expects WxH in pixels, e.g. 160x128; got 'abc'"),
                                        ("4x4", "4x4: frames of 16x16 up to 4096x4096 are generated")])
def test_workflow_size_is_refused_naming_the_option(size, said, tmp_path, capsys):
    from workbench_seq_irst.workflow import main

    with pytest.raises(SystemExit) as stop:
        main(["--project", str(tmp_path / "p"), "--size", size])
    assert stop.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"error: argument --size: {said}")
    assert not (tmp_path / "p").exists()


def test_a_range_from_the_end_is_taken_as_the_value(monkeypatch):
    from workbench_seq_irst import detector, train
    from workbench_seq_irst.sequences import joined_ranges

    assert joined_ranges(["--frames", "-1:", "--frames", "2:5", "--x", "-3:-1"]) == \
        ["--frames=-1:", "--frames", "2:5", "--x", "-3:-1"]

    class Parsed(Exception):
        pass

    def stop(*args):  # parsed: the run itself is not wanted here
        raise Parsed(*args)

    import workbench.core.results as results

    monkeypatch.setattr(results, "check_outputs", stop)  # detect's first step after parsing
    with pytest.raises(Parsed):  # was SystemExit 2: "argument --frames: expected one argument"
        detector.main(["--sequence", "S", "--frames", "-1:"])
    monkeypatch.setattr(train, "check_numbers", lambda a: stop({"val": a.val_frames, "train": a.train_frames}))
    with pytest.raises(Parsed) as got:
        train.main(["--out", "o", "--train-frames", "-20:-10", "--val-frames", "-10:"])
    assert got.value.args[0] == {"val": "-10:", "train": "-20:-10"}
