"""`workbench train lw_irstnet --resume` over other images than the run was started on: refused before they are
decoded, naming both (another --data with images of the same names continued and finished with exit 0; --cv and
--final had the check, the plain training not). An older checkpoint resumes with a note. And `--data nope` said
"not a SIRST-style dataset: no images/ folder", as if the folder were there."""
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench.core.errors import WorkbenchError

sys.path.insert(0, str(Path(__file__).parent))
from tiny_sirst import tiny_sirst  # noqa: E402


def _argv(data, out, *extra):
    return ["--data", str(data), "--split", "", "--val-split", "", "--epochs", "1", "--batch-size", "2", "--crop", "16", "--threads",
            "1", "--device", "cpu", "--out", str(out), *extra]


def test_plain_resume_over_other_images_is_refused_and_an_old_checkpoint_resumes_with_a_note(tmp_path, monkeypatch):
    import workbench.core.training as training
    from workbench.core.data.images import write_image
    from workbench.core.training.checkpoints import save_checkpoint
    from workbench.core.training.loop import FitResult
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import main, open_split, parser, recipe_of, split_fingerprint

    a, b = tiny_sirst(tmp_path / "a"), tiny_sirst(tmp_path / "b")
    write_image(b / "masks" / "img1.png", np.zeros((16, 16), np.uint8))  # one mask differs, the names all alike
    out = tmp_path / "run"
    out.mkdir()
    args = parser().parse_args(_argv(a, out))
    fp = split_fingerprint(args, open_split(a, ""))
    # a checkpoint of one epoch on a, as the run before writes it
    last = save_checkpoint(out / "last.pt", LWIRSTNet(), None, 1, [{"loss": 1.0}],
                           {"recipe": recipe_of(args), "data": fp})
    kept = last.read_bytes()
    seen = []

    def fit(ctx, model, opt, step, batches, epochs, out, **kw):  # the epochs themselves are not what is tested
        seen.append(kw["extra"])
        return FitResult()

    monkeypatch.setattr(training, "fit", fit)
    with pytest.raises(WorkbenchError, match=r"last\.pt: this training was started on other images \(.*a \(--split "
                                             r"''\): 4 images, .* than this run's \(.*b \(--split ''\): 4 images.*resume "
                                             r"it with the --data / --split / --val-split it was started with"):
        main(_argv(b, out, "--epochs", "2", "--resume", str(last)))
    assert last.read_bytes() == kept and not seen
    save_checkpoint(last, LWIRSTNet(), None, 1, [{"loss": 1.0}], {"recipe": recipe_of(args)})  # before the record
    assert main(_argv(b, out, "--epochs", "2", "--resume", str(last))) == 0
    assert "written before training data were fingerprinted" in (out / "train_log.txt").read_text()
    assert seen[-1]["data"]["images"] == 4 and seen[-1]["data"]["sha256"] != fp["sha256"]


def test_a_data_folder_that_is_not_there_is_said_so(tmp_path):
    from workbench_lw_irstnet.train import main

    with pytest.raises(WorkbenchError, match=r"^--data .*nope: no such folder; give a SIRST-style dataset folder"):
        main(_argv(tmp_path / "nope", tmp_path / "run"))
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(WorkbenchError, match=r"^--data .*f\.txt: a file, not a dataset folder"):
        main(_argv(tmp_path / "f.txt", tmp_path / "run"))
    assert not (tmp_path / "run").exists()


def test_segment_on_a_dataset_that_is_not_there_is_said_so(tmp_path):
    """`workbench segment --model lw_irstnet --dataset nope` said "not a SIRST-style dataset: no images/ folder"."""
    from workbench_lw_irstnet.evaluate import main

    with pytest.raises(WorkbenchError, match=r"^--dataset .*nope: no such file or folder"):
        main(["--dataset", str(tmp_path / "nope")])
