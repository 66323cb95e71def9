"""`train hanet --resume` over other videos than the run was started on: refused before anything is generated,
naming both (it continued on the other --data, same names, and finished with exit 0; the checkpoint's video count
was written, never compared). A checkpoint from before the record resumes with a note. Tiny generated videos."""
import pytest

from workbench.core.errors import WorkbenchError


def _root(path, seed):
    from workbench.core.data import hsi_generate as gen

    v = gen.make_video(gen.load_scene(None, 3, seed), gen.VideoSpec(frames=3, width=32, height=32, seed=seed,
                                                                     name="clip"))
    gen.write_video(v, path, "h5")
    return path


def _argv(data, out, *extra):
    return ["--data", str(data), "--val", "0", "--out", str(out), "--epochs", "1", "--steps", "1", "--batch", "1",
            "--threads", "1", "--device", "cpu", "--hsi-width", "8", "--bands", "3", *extra]


def test_resume_over_other_videos_is_refused_and_an_old_checkpoint_resumes_with_a_note(tmp_path):
    import torch

    from workbench_hanet.train import main

    a, b = _root(tmp_path / "a", 1), _root(tmp_path / "b", 2)
    out = tmp_path / "run"
    assert main(_argv(a, out)) == 0
    kept = (out / "last.pt").read_bytes()
    with pytest.raises(WorkbenchError, match=r"last\.pt: this training was started on other videos \(.*a[/\\]clip"
                                             r"\.h5: 1 given videos, 0 generated\) than this run's \(.*b[/\\]clip\.h5: "
                                             r".*resume it with the --data / --corpus .* or give another --out"):
        main(_argv(b, out, "--epochs", "2", "--resume"))
    # --generate 1 more on resume: another set of videos, refused before it is generated
    with pytest.raises(WorkbenchError, match=r"0 generated\) than this run's \(.*1 given videos, 1 generated\)"):
        main(_argv(a, out, "--epochs", "2", "--resume", "--generate", "1", "--frames", "3", "--size", "32x32"))
    assert not (out / "data").exists()
    assert (out / "last.pt").read_bytes() == kept
    ck = torch.load(out / "last.pt", weights_only=True)
    assert ck["extra"]["command"].startswith("workbench train hanet ")
    del ck["extra"]["data"]  # as written before the record
    torch.save(ck, out / "last.pt")
    assert main(_argv(b, out, "--epochs", "2", "--resume")) == 0
    assert "written before training videos were fingerprinted" in (out / "train_log.txt").read_text()
    assert torch.load(out / "last.pt", weights_only=True)["extra"]["data"]["given"]["videos"] == 1
