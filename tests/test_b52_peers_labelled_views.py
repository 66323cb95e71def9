"""`workbench segment --model tophat|mpcm` on a labelled set draws --views as LW-IRSTNet's segment does, and says
exactly why --out is refused there and what writes the masks instead.

Both were refused alike ("written for images without labels only ...: leave it out"). The pictures are what was
scored (logits > 0) against the truth in the papers' colours (``core.segment_views``); the masks are not written:
the peers are scored on their bare logits (every component), not on the masks their own runs give. The scores
are the same with or without the pictures."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.helpers import sirst_mask_set
from workbench.baselines import classic_irst
from workbench.core.segment_views import CORRECT, FALSE_ALARM, MISSED

IST_A = Path("/work/shared/data/irst/ist_a")
NAMES = ["Misc_11", "Misc_12", "Misc_13"]  # SIRST's (tests.helpers.sirst_mask_set)


def _colours(folder: Path) -> set:
    out = set()
    for p in folder.glob("*.png"):
        out |= {tuple(int(v) for v in c) for c in np.unique(cv2.imread(str(p))[:, :, ::-1].reshape(-1, 3), axis=0)}
    return out


def test_tophat_views_on_a_mask_set_show_what_was_scored(tmp_path, capsys):
    root = sirst_mask_set(tmp_path / "set", NAMES, seed=1, step=10)
    plain_js, js, views = tmp_path / "plain.json", tmp_path / "v.json", tmp_path / "views"
    assert classic_irst.segment_tophat(["--dataset", str(root), "--json", str(plain_js)]) == 0
    assert classic_irst.segment_tophat(["--dataset", str(root), "--json", str(js), "--views", str(views)]) == 0
    assert sorted(p.stem for p in views.glob("*.png")) == ["Misc_11", "Misc_12", "Misc_13"]
    a, b = json.loads(plain_js.read_text()), json.loads(js.read_text())
    for k in ("miou", "niou", "pd", "fa", "auc", "targets", "images"):  # the pictures change no score
        assert a[k] == b[k], k
    assert b["views_key"].startswith("red: detected")
    seen = _colours(views)
    assert seen & {CORRECT, MISSED, FALSE_ALARM}, "the scored components / missed targets are drawn"
    if b["pd"] > 0:
        assert CORRECT in seen  # a detected target is red
    assert "wrote 3 detection views" in capsys.readouterr().out


def test_mpcm_views_on_a_box_set(tmp_path):
    if not (IST_A / "labels").is_dir():
        pytest.skip(f"{IST_A}: the shared IST-A set is not here")
    root = tmp_path / "ist"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for n in ("000003", "000015"):
        shutil.copy(IST_A / "images" / f"{n}.png", root / "images" / f"{n}.png")
        shutil.copy(IST_A / "labels" / f"{n}.txt", root / "labels" / f"{n}.txt")
    views, js = tmp_path / "views", tmp_path / "b.json"
    assert classic_irst.segment_mpcm(["--dataset", str(root), "--views", str(views), "--json", str(js)]) == 0
    assert sorted(p.stem for p in views.glob("*.png")) == ["000003", "000015"]
    assert "boxes outlined" in json.loads(js.read_text())["views_key"]
    assert _colours(views) & {CORRECT, MISSED}  # every labelled box is outlined, detected or missed


def test_out_on_a_labelled_set_says_why_and_what_writes_the_masks(tmp_path):
    from workbench.core.options import OptionError

    root = sirst_mask_set(tmp_path / "set", NAMES, seed=1, step=10)
    with pytest.raises(OptionError) as e:
        classic_irst.segment_tophat(["--dataset", str(root), "--out", str(tmp_path / "res")])
    said = str(e.value)
    assert "logits > 0" in said and f"--dataset {root / 'images'} --out" in said and "--views" in said
    assert not (tmp_path / "res").exists()


def test_tophat_plots_on_a_mask_set_and_none_without_labels(tmp_path, capsys):
    from workbench.core.options import OptionError

    root = sirst_mask_set(tmp_path / "set", NAMES, seed=1, step=10)
    plots, js = tmp_path / "plots", tmp_path / "p.json"
    assert classic_irst.segment_tophat(["--dataset", str(root), "--plots", str(plots), "--json", str(js)]) == 0
    names = sorted(p.name for p in plots.iterdir())
    assert names == sorted(f"{s}.{e}" for s in ("roc", "pd_fa") for e in ("png", "svg", "pdf", "csv")), names
    rows = (plots / "pd_fa.csv").read_text().splitlines()
    assert rows[0] == "k,logit,pd,fa,fa_e6" and len(rows) > 2  # the threshold in the peer's units (k)
    pd_at_half = json.loads(js.read_text())["pd"]
    assert any(abs(float(r.split(",")[1])) < 1e-9 and float(r.split(",")[2]) == pytest.approx(pd_at_half)
               for r in rows[1:])  # the curve passes through the scored operating point (logit 0)
    # a rerun keeps the curves unless --force, as LW-IRSTNet's segment does
    with pytest.raises(Exception, match="--plots"):
        classic_irst.segment_tophat(["--dataset", str(root), "--plots", str(plots)])
    with pytest.raises(OptionError, match="no masks or labels"):
        classic_irst.segment_tophat(["--dataset", str(root / "images"), "--plots", str(tmp_path / "p2")])
    assert not (tmp_path / "p2").exists()
