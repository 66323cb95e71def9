"""`workbench train siamfcpp --corpus ROOT`: pairs from the core training corpus, held-out names left out."""
from __future__ import annotations

import json

import numpy as np

from workbench.core.data.images import write_image


def _otb(root, name, n=8):
    d = root / name / "img"
    d.mkdir(parents=True)
    rng = np.random.default_rng(len(name))
    lines = []
    for i in range(n):
        img = np.clip(60 + rng.normal(0, 3, (90, 120)), 0, 255).astype(np.uint8)
        img[30:44, 20 + 2 * i:40 + 2 * i] = 220
        write_image(d / f"{i + 1:04d}.png", img)
        lines.append(f"{21 + 2 * i},31,20,14\n")
    (root / name / "groundtruth_rect.txt").write_text("".join(lines))


def test_train_siamfcpp_on_a_corpus(tmp_path):
    from workbench.cli import main as cli

    root = tmp_path / "data"
    _otb(root, "seen")
    _otb(root, "unseen")
    imgs = root / "imageset" / "images"
    imgs.mkdir(parents=True)
    for i in range(3):
        write_image(imgs / f"a{i}.png", np.random.default_rng(i).integers(0, 255, (70 + i, 90), dtype=np.uint8))
    out = tmp_path / "run"
    rc = cli(["train", "siamfcpp", "--out", str(out), "--corpus", str(root), "--exclude", "unseen",
              "--corpus-weights", "labelled=2,unlabelled=1,synthetic=0", "--epochs", "1", "--steps", "1",
              "--batch-size", "2", "--x-size", "199", "--demo-sequences", "1", "--shape-sequences", "0",
              "--threads", "1"])
    assert rc == 0 and (out / "weights.pt").is_file()
    extra = json.loads((out / "history.json").read_text())["extra"]
    assert "unseen" not in extra["sequences"] and "seen" in extra["sequences"]
    assert "imageset" in extra["sequences"]
    assert "unseen" not in extra["trained_on"] and "seen" in extra["trained_on"]
    log = (out / "train_log.txt").read_text()
    assert "labelled 0.67" in log and "unlabelled 0.33" in log


def test_sampler_keeps_todays_options(tmp_path):
    """Without --corpus the sampler is today's PairSampler over --data and the generated sequences."""
    from workbench.core.training.pairs import PairSampler
    from workbench_siamfcpp_prune.train import base_parser, make_sampler

    args = base_parser("x", "y").parse_args(["--out", str(tmp_path), "--demo-sequences", "1",
                                             "--shape-sequences", "1"])
    sampler, seqs = make_sampler(args, log=lambda m: None)
    assert isinstance(sampler, PairSampler) and len(seqs) == 2
