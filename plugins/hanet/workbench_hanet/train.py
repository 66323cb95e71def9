"""``workbench train hanet [--data ROOT ...] [--generate N] --out DIR [--epochs E] [--steps S] [--batch B]``

Trains both HA-Net branches end to end on template / search pairs cut from hyperspectral videos with
groundtruth: the Siamese branch (false colour; classification + box regression) and the
hyperspectral classification branch (all bands; classification), as the paper trains them (SGD,
momentum 0.9, learning rate 1e-3 decaying; here from ``--lr`` with the core loop's poly decay). Videos: any hyperspectral
sequences the readers open (HOT folders, ENVI, HDF5) under ``--data`` roots, and/or ``--generate N``
videos made from a real cube (``--cube``; without one a synthetic scene) into ``DIR/data``
(kept, so a resumed run reuses them). Validation after every epoch: success AUC / P@20 of the fused
tracker and of its false-colour branch on ``--val`` generated videos (seeds 9000+, never trained on).

Outputs (``core.training.loop.fit``): ``DIR/last.pt`` every epoch (``--resume`` continues from it),
``DIR/best.pt`` / ``DIR/best_weights.pt`` by validation AUC of the fused tracker, ``history.json``,
``train_log.txt``.

Losses: classification, binary cross-entropy over SiamBAN-style ellipse labels (positives inside
0.3 x the box, negatives outside 0.5 x, ignored between; positives and negatives weighted half each);
regression, IoU loss of the (l, t, r, b) distances at positive positions. ``--fused-loss W`` (default 0)
adds W x the same balanced cross-entropy on the fused map 0.5 R_rgb + 0.5 R_hsi (the tracker's default
alpha = beta), with R_rgb held fixed (detached): its gradient reaches only the hyperspectral branch and is
largest where the false-colour map is wrong (a high R_rgb on a distractor, a low one on the target), so the
hyperspectral branch learns most where it is needed. ``--twins F`` (default 0) makes a fraction F of the
generated training videos with twin distractors (``VideoSpec.twins``: the target's false colour, size and
shading, one swinging through it), where only the spectrum tells target and distractor apart.
``--init FILE --freeze-rgb`` trains the hyperspectral branch alone on a given false-colour branch (its
weights and batch-norm statistics kept), the paper's order of training the two.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import WorkbenchError
from workbench.core.options import (COUNT, NON_NEGATIVE, POSITIVE, PROBABILITY, OptionError, at_least, between,
                                    check_options)
from workbench.core.options import SEED
from workbench.core.training.fingerprint import check_same_data
from workbench_hanet.fingerprint import described, same_videos, videos_fingerprint


# --- data ---------------------------------------------------------------------------------
class PairSampler:
    """Random template / search pairs from hyperspectral sequences with groundtruth."""

    def __init__(self, sequences, bands: int, max_gap: int = 40, shift: float = 0.3, scale_jitter: float = 0.15,
                 seed: int = 0):
        from workbench.core.boxes import absent_mask

        self.seqs = []
        for s in sequences:
            if s.groundtruth is None:
                continue
            ok = np.flatnonzero(~absent_mask(s.groundtruth) & (s.groundtruth[:, 2] > 1) & (s.groundtruth[:, 3] > 1))
            if len(ok) >= 2:
                self.seqs.append((s, ok))
        if not self.seqs:
            raise WorkbenchError("no training video with at least two annotated frames")
        self.bands = bands
        self.max_gap, self.shift, self.scale_jitter = max_gap, shift, scale_jitter
        self.rng = np.random.default_rng(seed)
        self._scale: dict[int, float] = {}

    def _scale_of(self, k: int) -> float:
        from workbench_hanet.crops import frame_scale

        if k not in self._scale:
            s, ok = self.seqs[k]
            self._scale[k] = frame_scale(s.frame(int(ok[0])))
        return self._scale[k]

    def sample(self):
        from workbench.core.spectral_color import group_weights
        from workbench_hanet.crops import context_side, crop, labels, match_bands, to_inputs
        from workbench_hanet.model import X_SIZE, Z_SIZE

        rng = self.rng
        k = int(rng.integers(len(self.seqs)))
        seq, ok = self.seqs[k]
        a = int(rng.choice(ok))
        near = ok[np.abs(ok - a) <= self.max_gap]
        b = int(rng.choice(near))
        fa, fb = seq.frame(a), seq.frame(b)
        ga, gb = seq.groundtruth[a], seq.groundtruth[b]
        scale, weights = self._scale_of(k), group_weights(self.bands)
        # template: the box at frame a, lightly jittered
        jz = 1 + rng.uniform(-0.05, 0.05, 2)
        zc = ga[:2] + ga[2:] / 2 + rng.uniform(-0.04, 0.04, 2) * ga[2:]
        s_z = context_side(ga[2] * jz[0], ga[3] * jz[1])
        z = match_bands(crop(fa, zc[0], zc[1], s_z, Z_SIZE), self.bands)
        # search: around the box at frame b, shifted and rescaled
        s_x = context_side(gb[2], gb[3]) * X_SIZE / Z_SIZE * np.exp(rng.uniform(-self.scale_jitter, self.scale_jitter))
        xc = gb[:2] + gb[2:] / 2 + rng.uniform(-self.shift, self.shift, 2) * s_x
        x = match_bands(crop(fb, xc[0], xc[1], s_x, X_SIZE), self.bands)
        kx = X_SIZE / s_x
        x0 = (gb[0] - (xc[0] - s_x / 2)) * kx
        y0 = (gb[1] - (xc[1] - s_x / 2)) * kx
        box = (x0, y0, x0 + gb[2] * kx, y0 + gb[3] * kx)
        if rng.random() < 0.5:  # horizontal flip of both crops
            z, x = z[:, ::-1], x[:, ::-1]
            box = (X_SIZE - box[2], box[1], X_SIZE - box[0], box[3])
        cls, reg = labels(box)
        z_rgb, z_hsi = to_inputs(np.ascontiguousarray(z), scale, weights)
        x_rgb, x_hsi = to_inputs(np.ascontiguousarray(x), scale, weights)
        return z_rgb, x_rgb, z_hsi, x_hsi, cls, reg

    def batch(self, n: int):
        import torch

        items = [self.sample() for _ in range(n)]
        return tuple(torch.from_numpy(np.stack([it[i] for it in items])) for i in range(6))


# --- losses -------------------------------------------------------------------------------
def cls_loss(logits, label):
    import torch.nn.functional as F

    logits = logits[:, 0]
    pos, neg = label == 1, label == 0
    loss = F.binary_cross_entropy_with_logits(logits, label.clamp(min=0), reduction="none")
    lp = loss[pos].mean() if pos.any() else logits.sum() * 0
    ln = loss[neg].mean() if neg.any() else logits.sum() * 0
    return 0.5 * (lp + ln)


def iou_loss(pred, target, label):
    """1 - IoU of ltrb boxes sharing the same point, at positive positions."""
    pos = (label == 1).unsqueeze(1).expand_as(pred)
    if not pos.any():
        return pred.sum() * 0
    p = pred.permute(0, 2, 3, 1)[pos.permute(0, 2, 3, 1)].reshape(-1, 4)
    t = target.permute(0, 2, 3, 1)[pos.permute(0, 2, 3, 1)].reshape(-1, 4)
    pa = (p[:, 0] + p[:, 2]) * (p[:, 1] + p[:, 3])
    ta = (t[:, 0] + t[:, 2]) * (t[:, 1] + t[:, 3])
    iw = (p[:, 0].minimum(t[:, 0]) + p[:, 2].minimum(t[:, 2])).clamp(min=0)
    ih = (p[:, 1].minimum(t[:, 1]) + p[:, 3].minimum(t[:, 3])).clamp(min=0)
    inter = iw * ih
    return (1 - inter / (pa + ta - inter + 1e-6)).mean()


def fused_cls_loss(logits_rgb, logits_hsi, label, alpha: float = 0.5, beta: float = 0.5):
    """Balanced BCE on the fused probability alpha sigma(rgb) + beta sigma(hsi), R_rgb detached."""
    import torch

    p = (alpha * torch.sigmoid(logits_rgb[:, 0].detach()) + beta * torch.sigmoid(logits_hsi[:, 0])) / (alpha + beta)
    p = p.clamp(1e-4, 1 - 1e-4)
    pos, neg = label == 1, label == 0
    lp = -torch.log(p[pos]).mean() if pos.any() else p.sum() * 0
    ln = -torch.log(1 - p[neg]).mean() if neg.any() else p.sum() * 0
    return 0.5 * (lp + ln)


def train_step(model, batch, fused_weight: float = 0.0):
    z_rgb, x_rgb, z_hsi, x_hsi, cls, reg = batch
    c, r, ch = model(z_rgb, x_rgb, z_hsi, x_hsi)
    loss = cls_loss(c, cls) + iou_loss(r, reg, cls) + cls_loss(ch, cls)
    if fused_weight > 0:
        loss = loss + fused_weight * fused_cls_loss(c, ch, cls)
    return loss


# --- validation ---------------------------------------------------------------------------
def track_auc(model, sequences, use_hsi: bool, config=None) -> tuple[float, float]:
    from workbench.core.evaluation.ope import aggregate, evaluate_sequence
    from workbench.core.runs import run_tracker
    from workbench_hanet.config import HANetConfig, HANetRGBConfig
    from workbench_hanet.tracker import HANetTracker

    cfg = config or (HANetConfig(weights="") if use_hsi else HANetRGBConfig(weights=""))
    curves = []
    for s in sequences:
        t = HANetTracker(cfg, "cpu", model=model, use_hsi=use_hsi)
        res = run_tracker(t, s)
        curves.append(evaluate_sequence(res.boxes, s.groundtruth))
    c = aggregate(curves)
    return float(c.success_auc), float(c.precision_20)


# --- command ------------------------------------------------------------------------------
# --bands: the false colour averages three contiguous band groups into R, G and B (spectral_color.group_weights):
# with 1 or 2 bands a colour channel was 0 in every frame and one band left the hyperspectral branch nothing the
# false colour lacks, and both trained without a word; at the top, more than any imaging spectrometer's
# (AVIRIS: 224), whose generated videos and first layer outgrew the memory instead of being refused
BANDS = between(3, 1024, note="three band groups make the false colour")
# --generate / --val 100000000 and --frames 100000000 generated until stopped (every video is written to DIR/data),
# --size 100000x100000 and --hsi-width 100000 were allocator tracebacks
VIDEOS = between(0, 1000)
# the smallest --size height whose generated videos (training and validation) hold a target of at least 2 px, under
# which HA-Net often loses it (a groundtruth start that small is tracked, 042e54a; said by small_target_note, not
# refused): hsi_generate's target is 12-18 px x HEIGHT/128 high, shrunk by up to 20 % (its scale wobble),
# 0.075 x HEIGHT at the least (--size 64x16: 1.2 px; validation videos started on 1.5-2.1)
SMALLEST_HEIGHT = 27
FRAMES = between(2, 10000)


def THREADS():  # noqa: N802 (a bound, as the others)
    """--threads: 0 (taken as 1) up to the core's bound (``workbench.core.options.threads_bound``)."""
    from workbench.core.options import threads_bound

    return threads_bound("0: one thread")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench train hanet", description=__doc__.split("\n\n")[1])
    p.add_argument("--data", action="append", default=[], help="dataset root(s) of hyperspectral videos with groundtruth")
    p.add_argument("--corpus", action="append", default=[],
                   help="training-corpus root(s) (workbench.core.training.corpus): its hyperspectral videos "
                        "with groundtruth are used, nothing else")
    p.add_argument("--exclude", nargs="*", default=[], help="corpus sequence names to leave out (held-out test)")
    p.add_argument("--generate", type=int, default=0, help="also generate this many training videos from --cube")
    p.add_argument("--cube", help="scene cube for --generate, e.g. AVIRIS Jasper Ridge (default: a synthetic scene)")
    p.add_argument("--frames", type=int, default=60, help="frames per generated video")
    p.add_argument("--size", default="256x128", help="generated frame WIDTHxHEIGHT")
    p.add_argument("--bands", type=int, default=16,
                   help=f"bands of the network and of the generated videos, {BANDS.lo:g} to {BANDS.hi:g} (HOT's cameras: "
                        "16 VIS, 25 NIR, 15 RedNIR; default 16); a cube with other bands is resampled to these")
    p.add_argument("--twins", type=float, default=0.0,
                   help="fraction of the --generate videos whose distractors are the target's twins in false colour "
                        "and shape (only the spectrum differs; default 0: none)")
    p.add_argument("--fused-loss", type=float, default=0.0,
                   help="weight of a cross-entropy on the fused map with the false-colour map detached "
                        "(trains the hyperspectral branch where false colour is wrong; default 0: off)")
    p.add_argument("--val", type=int, default=2, help="generated validation videos (seeds 9000+)")
    p.add_argument("--out", required=True, help="output folder: last.pt, best.pt, best_weights.pt, history.json, "
                                                "train_log.txt; generated videos in OUT/data and OUT/val")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--steps", type=int, default=40, help="iterations per epoch")
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true", help="continue from OUT/last.pt")
    p.add_argument("--init", help="start from these HA-Net weights (a state_dict or checkpoint, loaded weights-only)")
    p.add_argument("--hsi-width", type=int, default=64,
                   help="channels of the hyperspectral branch's last layers (its first two: 1/2 and 3/4 of it); "
                        "64 was round 2's; the shipped ensemble's three branches are 96 wide (weights/PROVENANCE.md)")
    p.add_argument("--freeze-rgb", action="store_true",
                   help="train the hyperspectral branch only: the false-colour (Siamese) branch keeps the --init "
                        "weights and batch-norm statistics, as when the paper's Siamese branch is trained first")
    p.add_argument("--ensemble", nargs="+", metavar="WEIGHTS",
                   help="no training: write OUT/ensemble_weights.pt, the false-colour branch of --init with the "
                        "hyperspectral branches of these HA-Net files (e.g. the same --freeze-rgb recipe with other "
                        "seeds) as one ensemble whose foreground probabilities are averaged at tracking time")
    p.add_argument("--device", default="auto")
    return p


ENSEMBLE_FILES = ("ensemble_weights.pt", "ensemble.json")


def check_ensemble_out(init: str, members: list[str], out: Path) -> None:
    """``--out`` whose ``ensemble_weights.pt`` / ``ensemble.json`` is one of the files the ensemble is made of
    (a member, or --init): refused before anything is read, as the write replaced that file."""
    import os

    def same(a: Path, b: Path) -> bool:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # links and hard links too
        return a.resolve() == b.resolve()

    for name in ENSEMBLE_FILES:
        target = Path(out) / name
        for flag, src in [("--init", init)] + [("--ensemble", m) for m in members]:
            if src and same(target, Path(src)):
                raise OptionError("--out", str(out), f"would write {target} over the {flag} file {src}; give "
                                                     "another --out")


def write_ensemble(init: str, members: list[str], out: Path) -> Path:
    """``--ensemble``: one weights file of ``init``'s false-colour branch and ``members``' hyperspectral
    branches. Each member must share ``init``'s false-colour branch (trained with ``--freeze-rgb --init``
    on it) or the ensemble would average branches made for another false-colour branch."""
    import torch

    from workbench.core.results import file_sha256
    from workbench.core.results import atomic_write_text
    from workbench.core.training.checkpoints import load_checkpoint, save_file
    from workbench_hanet.model import bands_in_state, ensemble_state

    def state(path):
        try:
            sd = load_checkpoint(Path(path))["model"]
            bands_in_state(sd)
        except KeyError as exc:
            raise WorkbenchError(f"{path}: {exc.args[0] if exc.args else 'not HA-Net weights'}") from None
        return sd

    check_ensemble_out(init, members, out)
    base = state(init)
    sds = [state(m) for m in members]
    for m, sd in zip(members, sds):
        diff = [k for k in base if k.startswith("rgb.") and (k not in sd or not torch.equal(sd[k], base[k]))]
        if diff:
            raise WorkbenchError(f"{m}: its false-colour branch differs from --init {init} ({diff[0]} and "
                                 f"{len(diff) - 1} more): train the members with --freeze-rgb --init {init}")
        try:
            if bands_in_state(sd) != bands_in_state(base):
                raise WorkbenchError(f"{m}: {bands_in_state(sd)} bands, --init has {bands_in_state(base)}")
            ensemble_state(base, [sd])
        except ValueError as exc:
            raise WorkbenchError(f"{m}: {exc}") from None
    out.mkdir(parents=True, exist_ok=True)
    path = out / "ensemble_weights.pt"
    save_file({k: v.detach().cpu().clone() for k, v in ensemble_state(base, sds).items()}, path)
    # written whole or not at all: a half-written record beside the weights would not say what made them
    atomic_write_text(out / "ensemble.json", __import__("json").dumps(
        {"init": str(Path(init).resolve()), "init_sha256": file_sha256(init),
         "members": [{"file": str(Path(m).resolve()), "sha256": file_sha256(m)} for m in members],
         "weights_sha256": file_sha256(path)}, indent=1) + "\n")
    return path


def band_note(seqs, bands: int) -> str | None:
    """The videos whose band count is not the network's ``bands`` (HOT2022's cameras: 16 VIS, 25 NIR, 15 RedNIR),
    named in one line, or None: the sampler resamples their bands by index (``crops.match_bands``), so a 25-band NIR
    video trained 16-band weights on other colours than the VIS bands they are tracked with, without a word."""
    other = []
    for s in seqs:
        f = np.asarray(s.frame(0))
        n = int(f.shape[2]) if f.ndim == 3 else 1
        if n != bands:
            other.append(f"{s.path if s.path is not None else s.name} ({n})")
    if not other:
        return None
    from workbench.core.training.fingerprint import listed

    return (f"note: {len(other)} of {len(seqs)} training videos have another band count than the network's {bands}: "
            f"{listed(other)}; their bands are resampled by index to {bands}: give --bands of their camera, or "
            "train on videos of one camera")


def generated_names(n: int, seed0: int, twins: float = 0.0) -> list[str]:
    """The names of ``_generated``'s videos (a fraction ``twins`` of them, spread evenly, with twin distractors)."""
    return [f"hsi_{seed0 + i:04d}" + ("_twins" if int((i + 1) * twins) > int(i * twins) else "") for i in range(n)]


def _generated(out: Path, n: int, seed0: int, a, cube, twins: float = 0.0, scene=None) -> list[Path]:
    """``n`` videos, seeds seed0.. ; a fraction ``twins`` of them (spread evenly) with twin distractors.
    ``scene``: ``cube`` as already read (the same for every seed; without a cube the stand-in varies by seed)."""
    from workbench.core.data import hsi_generate as g

    w, h = (int(v) for v in a.size.lower().split("x"))
    paths = []
    for i, name in enumerate(generated_names(n, seed0, twins)):
        seed = seed0 + i
        twin = name.endswith("_twins")
        path = out / f"{name}.h5"
        if not path.exists():
            v = g.make_video(scene if scene is not None else g.load_scene(cube, a.bands, seed), g.VideoSpec(frames=a.frames, width=w, height=h, seed=seed,
                                                distractors=2 + seed % 2, twins=twin, name=name))
            g.write_video(v, out, "h5")
        paths.append(path)
    return paths


def check_out_outside_data(a) -> None:
    """``--out`` equal to or inside a ``--data`` / ``--corpus`` root, refused before anything is written: the
    videos a training writes under it (DIR/data, DIR/val) were read back as that root's training videos by a
    ``--resume`` or a later run (its validation videos trained on, its generated ones twice), without a word."""
    out = Path(a.out).resolve()
    for flag, roots in (("--data", a.data), ("--corpus", a.corpus)):
        for root in roots or []:
            r = Path(root).resolve()
            if out == r or r in out.parents:
                where = "is" if out == r else "lies inside"
                raise OptionError("--out", a.out, f"{where} the {flag} root {root}: the videos this training writes "
                                                  "there (DIR/data, DIR/val) would be read as training videos of "
                                                  f"{root} when resumed or run again; give an --out outside it")


def check_numbers(a) -> None:
    """Numbers a training cannot use, in one line before anything is written (--lr -1, --batch 0, --bands 0,
    --size abc were tracebacks; --epochs 0 / --steps 0 'finished' with no weights at all)."""
    check_options([("--epochs", a.epochs, COUNT), ("--steps", a.steps, COUNT), ("--batch", a.batch, COUNT),
                   ("--bands", a.bands, COUNT), ("--bands", a.bands, BANDS), ("--generate", a.generate, VIDEOS), ("--val", a.val, VIDEOS),
                   ("--frames", a.frames, FRAMES), ("--lr", a.lr, POSITIVE), ("--threads", a.threads, NON_NEGATIVE), ("--threads", a.threads, THREADS()),
                   # --twins 2 was taken as 1, --twins -1 as 0, without a word
                   ("--twins", a.twins, PROBABILITY), ("--fused-loss", a.fused_loss, at_least(0, "0: off")),
                   ("--seed", a.seed, SEED)])
    if a.hsi_width < 8 or a.hsi_width % 4 or a.hsi_width > 1024:  # was said after the videos were read or generated
        raise OptionError("--hsi-width", a.hsi_width, "must be a multiple of 4, from 8 to 1024 (default 64)")
    if a.exclude and not a.corpus:  # was ignored: the names leave corpus sources out, and there was none
        raise OptionError("--exclude", " ".join(a.exclude), "leaves sources of the training corpus out: give --corpus")
    try:
        w, h = (int(v) for v in a.size.lower().split("x"))
        if not (16 <= w <= 4096 and 16 <= h <= 4096):
            raise ValueError
    except ValueError:
        raise WorkbenchError(f"--size {a.size}: give WIDTHxHEIGHT, each from 16 to 4096, e.g. 256x128") from None


def small_target_note(a) -> str:
    """A warning for a --size whose generated videos (--generate / --val) hold targets under 2 px: trained and
    validated as they are (a groundtruth start is tracked at any size since 042e54a), but HA-Net often loses them,
    so the validation AUC says more about the size than the training. "" where none is generated or they are larger."""
    h = int(a.size.lower().split("x")[1])  # (check_numbers took it)
    if h >= SMALLEST_HEIGHT or not (a.generate or a.val):
        return ""
    return (f"warning: --size {a.size}: a height under {SMALLEST_HEIGHT} px makes generated targets under 2 px (the "
            f"generator sizes them by HEIGHT/128: {12 * 0.8 * h / 128:.2g} px at the least); HA-Net often loses "
            f"targets that small, which lowers the validation AUC; a height of at least {SMALLEST_HEIGHT} avoids it, "
            "e.g. 256x128")


# the options that make a training what it is, recorded in its checkpoints (extra["recipe"]): a --resume with
# another --lr / --batch continued the run with them and mixed two recipes in one history (only the weights were
# checked); more --epochs is what resuming is for
RECIPE = ("lr", "batch", "steps", "seed", "fused_loss")


# what a checkpoint of another network is resumed with (the weights' refusal ends with it)
RESUME_HINT = "resume with the --bands / --hsi-width it was trained with, or give another --out"


def same_trainable_parts(path: Path, freeze_rgb: bool):
    """``resume_checkpoint``'s check that the run is resumed as it was started: with --freeze-rgb or without it
    (the optimizer's state holds the parameters the run trained)."""
    def check(ck: dict) -> None:
        was = "--freeze-rgb" in ((ck.get("extra") or {}).get("argv") or [])
        if was != bool(freeze_rgb):
            raise WorkbenchError(f"{path}: that run was started {'with' if was else 'without'} "
                                 f"--freeze-rgb; resume it {'with' if was else 'without'} it")
    return check


SAMPLER_KEY = "pair_sampler_state"  # the checkpoint's extra: the pair sampler's numpy bit-generator state (JSON text)


def sampler_state(path: Path, ck: dict) -> dict | None:
    """The pair sampler's state after the checkpoint's epoch (None: a checkpoint written before it was saved)."""
    text = (ck.get("extra") or {}).get(SAMPLER_KEY)
    if text is None:
        return None
    try:
        state = json.loads(text)
        np.random.default_rng(0).bit_generator.state = state  # a state numpy cannot take is said here, not later
    except (TypeError, ValueError, KeyError) as exc:
        raise WorkbenchError(f"{path}: its pair-sampler state is damaged ({exc}); start a new --out") from None
    return state


def _start_line(videos: int, val: int, bands: int, a, torch_version: str) -> str:
    """The log's first line of a run: what it trains on and how ('1 validation videos', '1 thread(s)' before)."""
    def n(k: int, noun: str) -> str:
        return f"{k} {noun}{'' if k == 1 else 's'}"

    return (f"{n(videos, 'training video')}, {n(val, 'validation video')}, {n(bands, 'band')}; "
            f"{n(a.epochs, 'epoch')} x {n(a.steps, 'step')} x batch {a.batch}; torch {torch_version}, "
            f"{platform.processor() or platform.machine()}, {n(max(1, a.threads), 'thread')}")  # 0: one (as run)


def main(argv: list[str]) -> int:
    import torch

    from workbench.core.data.detect import open_dataset, open_sequence
    from workbench.core.device import resolve_device
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.training.checkpoints import recipe_of
    from workbench.core.training.loop import HeldLog, fit, resume_checkpoint
    from workbench_hanet.model import HANet

    a = parser().parse_args(argv)
    check_numbers(a)
    if a.ensemble:
        if not a.init:
            raise WorkbenchError("--ensemble needs --init: the false-colour branch the members were trained on")
        path = write_ensemble(a.init, a.ensemble, Path(a.out))
        print(f"wrote {path}: {len(a.ensemble)} hyperspectral branches on the false-colour branch of {a.init}")
        return 0
    torch.set_num_threads(max(1, a.threads))
    torch.manual_seed(a.seed)
    out = Path(a.out)
    check_out_outside_data(a)
    if not a.resume and (out / "last.pt").is_file():  # a new run wrote over the earlier one's checkpoints
        from workbench.core.training.earlier_run import refuse_other_run

        refuse_other_run(out, "train hanet", lambda ck: any(k.startswith("hsi.") for k in ck["model"])
                         and any(k.startswith("rgb.") for k in ck["model"]))
        raise WorkbenchError(f"--out {out}: holds a training already ({out / 'last.pt'}): continue it with --resume, "
                             "or give another --out")
    recipe = recipe_of(a, RECIPE)
    resuming = a.resume and (out / "last.pt").is_file()
    if a.freeze_rgb and not a.init and not resuming:
        raise WorkbenchError("--freeze-rgb keeps the false-colour branch as it is: give its weights with --init")
    # the network, its --init weights and the checkpoint resumed before anything is read, generated or written: a
    # checkpoint of another network, trainable set or recipe (another --lr / --batch ...) is refused first
    device = resolve_device(a.device)
    bands, told = a.bands, []
    model = HANet(bands, a.hsi_width)
    if a.init:
        from workbench_hanet.tracker import load_model

        init = load_model(a.init)
        if init.hsi.bands != bands:
            raise WorkbenchError(f"--init {a.init}: weights for {init.hsi.bands} bands, --bands is {bands}")
        if init.hsi.width == a.hsi_width and not hasattr(init.hsi, "members"):
            model.load_state_dict(init.state_dict())
            told.append(f"initialised from {a.init}")
        else:  # another hyperspectral width: only the false-colour branch is taken, the other starts afresh
            model.rgb.load_state_dict(init.rgb.state_dict())
            told.append(f"false-colour branch initialised from {a.init} (its hyperspectral branch is "
                        f"{'an ensemble' if hasattr(init.hsi, 'members') else f'{init.hsi.width} wide'}, this one "
                        f"{a.hsi_width}: trained from scratch)")
    if a.freeze_rgb:
        model.freeze_rgb()
        told.append("false-colour branch frozen: training the hyperspectral branch only")
    model = model.to(device)
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=a.lr, momentum=0.9,
                          weight_decay=1e-4)
    start, history, stream, before, ck = 0, [], None, None, None
    if resuming:
        ck = resume_checkpoint(out / "last.pt", model, opt, hint=RESUME_HINT, recipe=recipe,
                               check=same_trainable_parts(out / "last.pt", a.freeze_rgb))
        start, history, before = ck["epoch"], ck["history"], (ck.get("extra") or {}).get("data")
        stream = sampler_state(out / "last.pt", ck)
        told.append(f"resumed after epoch {start}" + ("" if stream is not None else
                    " (its checkpoint holds no pair-sampler state: the pairs drawn from here on differ from an "
                    "unbroken run's)"))
    elif a.resume:  # rerunning one command continues; a mistyped --out started afresh without a word
        told.append(f"--resume: no {out / 'last.pt'} yet: starting a new training there")
    corpus, said = None, []
    if getattr(a, "corpus", None):  # read before --out is made: a mistyped --exclude name is refused first
        from workbench.core.options import check_names
        from workbench.core.training.corpus import Corpus

        corpus = Corpus.from_roots(a.corpus, log=said.append)
        # a mistyped name left the held-out video in training (it was a note in the log)
        check_names("--exclude", a.exclude, corpus.names(), "in the corpus", "source")
    # a missing --cube and a --data root that is not there or not readable were said after --out was made
    cube = Path(a.cube) if (a.generate or a.val) and a.cube else None
    if cube is not None and not cube.exists():
        raise WorkbenchError(f"--cube {cube}: no such file")
    scene = None
    if cube is not None:  # read before --out is made (an unreadable cube was said after --out and its log)
        from workbench.core.data import hsi_generate

        scene = hsi_generate.load_scene(cube, bands, a.seed)
    seqs = []
    for root in a.data:
        for e in open_dataset(root):
            s = e.open()
            if s.modality == "hsi" and s.groundtruth is not None:
                seqs.append(s)
    out.mkdir(parents=True, exist_ok=True)
    log = HeldLog(out / "train_log.txt")  # the trainers' log: a full disk named the file nowhere ("[Errno 28] ...")
    log.open()
    if (a.generate or a.val) and cube is None:
        log("no --cube: generating on a synthetic scene")
    note = small_target_note(a)
    if note:
        log(note)
    if corpus is not None:
        for line in said:
            log(line)
        have = {s.name for s in seqs}
        hsi = [s for s in corpus.without(a.exclude).hsi()
               if s.groundtruth is not None and s.name not in have and len(s) >= 2]
        log(f"corpus: {len(hsi)} hyperspectral video(s) with groundtruth: {', '.join(s.name for s in hsi) or 'none'}")
        seqs += hsi
    note = band_note(seqs, bands)
    if note:
        log(note)
    # the videos given and the names of those to be generated, checked before any is generated: a resume over
    # other videos continued on them and finished with exit 0
    data = {"given": videos_fingerprint(seqs), "generated": generated_names(a.generate, 1000, a.twins)}
    if resuming:
        try:
            check_same_data(out / "last.pt", before, data, kind="videos", described=described, same=same_videos,
                            log=log, todo="resume it with the --data / --corpus / --exclude / --generate / --twins it "
                                          "was started with, or give another --out")
        except WorkbenchError:
            log.close()
            raise
    if a.generate:
        log(f"generating {a.generate} training videos in {out / 'data'}")
        seqs += [open_sequence(p) for p in _generated(out / "data", a.generate, 1000, a, cube, a.twins, scene)]
    if not seqs:
        raise WorkbenchError("no training videos: give --data ROOT (hyperspectral with groundtruth) or --generate N")
    val = [open_sequence(p) for p in _generated(out / "val", a.val, 9000, a, cube, scene=scene)] if a.val else []
    log(_start_line(len(seqs), len(val), bands, a, torch.__version__))
    for line in told:
        log(line)
    sampler = PairSampler(seqs, bands, seed=a.seed + start)  # a fresh run (start 0), or a checkpoint without the state
    if stream is not None:
        sampler.rng.bit_generator.state = stream
    extra = {"bands": bands, "argv": list(argv), "command": "workbench train hanet " + shell.join(argv),
             "videos": len(seqs), "recipe": recipe, "data": data}

    def batches(epoch):
        for _ in range(a.steps):
            yield tuple(t.to(device) for t in sampler.batch(a.batch))
        # where the stream stands after the epoch, in the checkpoint fit writes next: a resumed run draws the pairs
        # an unbroken one would (it drew from a new stream seeded with seed + epoch, and trained to other weights)
        extra[SAMPLER_KEY] = json.dumps(sampler.rng.bit_generator.state)

    class Steps:
        def __init__(self, epoch):
            self.epoch = epoch

        def __len__(self):
            return a.steps

        def __iter__(self):
            return batches(self.epoch)

    def validate(m):
        if not val:
            return {}
        m.eval()
        auc_f, p_f = track_auc(m.cpu(), val, True)
        auc_r, p_r = track_auc(m, val, False)
        m.to(device)
        return {"auc_hanet": auc_f, "p20_hanet": p_f, "auc_hanet_rgb": auc_r, "p20_hanet_rgb": p_r}

    t0 = time.perf_counter()
    step = (lambda m, b: train_step(m, b, a.fused_loss)) if a.fused_loss > 0 else train_step
    res = fit(JobContext(TextProgress("train hanet")), model, opt, step, Steps, a.epochs, out,
              validate=validate if val else None, best_key="auc_hanet" if val else None, base_lr=a.lr,
              start_epoch=start, history=history, log=log, grad_clip=10.0, extra=extra,
              resumed=ck)  # its random-number state restored before the first resumed epoch
    if val:
        log(f"done in {time.perf_counter() - t0:.0f} s; best epoch {res.best_epoch} (fused AUC {res.best_value:.4f} "
            f"on {len(val)} validation videos): {out / 'best_weights.pt'}")
    else:  # no validation, no best epoch: said as "best epoch 0 (nan)"
        log(f"done in {time.perf_counter() - t0:.0f} s; no validation (--val 0): the last epoch's weights are "
            f"{out / 'last.pt'} (--set weights= takes it)")
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
