"""``segment tophat --dataset ROOT --out O`` on a mask-per-frame set (IRDST / TSIRMT: ``ROOT/images/<seq>/`` beside
``ROOT/masks/<seq>/``) is refused (a labelled set is scored, its masks are not a run's), suggesting ``--dataset
ROOT/images --out O``; that command then failed ("a dataset of 2 sequences, not one"): such a set's masks could not
be written at all. Its images folder is now segmented whole, each frame named ``<seq>/<frame>``."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import cv2
import numpy as np
import pytest


def _mask_set(root: Path) -> Path:
    """Two sequences of three 48 x 48 frames (a bright 3 x 3 target each) and their masks."""
    for seq in ("Sequence001", "Sequence002"):
        for sub in ("images", "masks"):
            (root / sub / seq).mkdir(parents=True)
        for k in range(1, 4):
            f = np.full((48, 48), 40, np.uint8)
            f[20:23, 10 + 5 * k:13 + 5 * k] = 230
            m = np.where(f > 128, 255, 0).astype(np.uint8)
            for sub, img in (("images", f), ("masks", m)):
                ok, buf = cv2.imencode(".png", img)
                (root / sub / seq / f"{k:05d}.png").write_bytes(buf.tobytes())
    return root


def test_the_suggested_images_folder_command_writes_every_sequences_masks(tmp_path, capsys):
    from workbench.cli import main

    root = _mask_set(tmp_path / "IRDST mini")
    out = tmp_path / "out"
    assert main(["segment", "tophat", "--dataset", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    hint = re.search(r"--dataset (.+?) --out (.+?) segments .* writes tophat's masks \(not scored\) to (.+?) \(", err)
    assert hint, err
    given = shlex.split(hint.group(1))
    assert given == [str(root / "images")] and shlex.split(hint.group(2)) == [str(out)]
    said = Path(hint.group(3).replace("<variant>", "default"))

    assert main(["segment", "tophat", "--dataset", *given, "--out", str(out), "--json", str(tmp_path / "r.json"),
                 "--views", str(tmp_path / "pics")]) == 0
    run = out / "IRDST_mini" / "tophat" / "default" / "all"
    assert said == run  # where the refusal said they would go
    written = sorted(str(p.relative_to(run)) for p in run.rglob("*.png"))
    assert written == [f"{s}/{k:05d}.png" for s in ("Sequence001", "Sequence002") for k in range(1, 4)]
    assert sorted(str(p.relative_to(tmp_path / "pics")) for p in (tmp_path / "pics").rglob("*.png")) == written
    res = json.loads((tmp_path / "r.json").read_text())
    assert res["images"] == 6 and [p["name"] for p in res["per_image"]][:2] == ["Sequence001/00001",
                                                                                 "Sequence001/00002"]
    assert all(len(p["targets"]) == 1 for p in res["per_image"])  # each frame's own target, found where it is


def test_a_split_of_sequences_and_frames(tmp_path, capsys):
    from workbench.cli import main

    root = _mask_set(tmp_path / "set")
    split = tmp_path / "val.txt"
    split.write_text("Sequence002\nSequence001/00003\n")
    assert main(["segment", "tophat", "--dataset", str(root / "images"), "--split", str(split),
                 "--json", str(tmp_path / "r.json")]) == 0
    names = [p["name"] for p in json.loads((tmp_path / "r.json").read_text())["per_image"]]
    assert names == ["Sequence002/00001", "Sequence002/00002", "Sequence002/00003", "Sequence001/00003"]


def test_one_sequences_folder_names_the_command_that_scores_it(tmp_path, capsys):
    """``--dataset ROOT/images/<seq>`` is segmented as plain frames (its masks are the set's); it said only "no masks
    to score against", with them beside it. The command it names scores that sequence against its masks."""
    from workbench.cli import main

    root = _mask_set(tmp_path / "set")
    assert main(["segment", "tophat", "--dataset", str(root / "images" / "Sequence002")]) == 0
    said = capsys.readouterr().out
    hint = re.search(r"nothing scored \((.+) holds the masks of sequence Sequence002: --dataset (.+) --split FILE "
                     r"scores it, FILE a text file holding the line (\S+)\)", said)
    assert hint, said
    assert shlex.split(hint.group(2)) == [str(root)]
    (tmp_path / "one.txt").write_text(shlex.split(hint.group(3))[0] + "\n")
    assert main(["segment", "tophat", "--dataset", str(root), "--split", str(tmp_path / "one.txt"),
                 "--json", str(tmp_path / "r.json")]) == 0
    res = json.loads((tmp_path / "r.json").read_text())
    assert res["images"] == 3 and res["targets"] == 3 and res["miou"] > 0  # scored, that sequence's frames alone
    assert main(["segment", "tophat", "--dataset", str(root / "images" / "Sequence002"),
                 "--plots", str(tmp_path / "p")]) == 2
    assert "holds the masks of sequence Sequence002" in capsys.readouterr().err


@pytest.mark.parametrize("views", ["images/Sequence001", "masks/Sequence002"])
def test_views_into_a_sequences_frames_or_masks_are_refused(tmp_path, capsys, views):
    from workbench.cli import main

    root = _mask_set(tmp_path / "set")
    assert main(["segment", "tophat", "--dataset", str(root / "images"), "--views", str(root / views)]) == 2
    assert "is a folder the --dataset" in capsys.readouterr().err
    assert not any(p.is_dir() for p in (root / views).iterdir())  # no <seq>/ of pictures made inside it
