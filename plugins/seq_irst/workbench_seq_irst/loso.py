"""Leave-one-sequence-out selection: recipes are chosen by how they score on a real recording they never
trained on, never by frames of a training sequence.

``workbench train seq_irst --loso --root ROOT [--root ROOT2 ...] --out DIR [recipe options]``
(or ``python -m workbench_seq_irst.loso ...``): every labelled sequence under the roots is put in a
*recording group* (``group_of``); for each group, a detector is trained on all the other groups'
sequences (+ generated data, + targets implanted into those training sequences' real backgrounds,
+ optional hard-negative mining on them) with a fixed number of epochs and seed, and scored on every
frame of the held-out group (``detector.evaluate``: the matching rule of ``workbench detect``).
``DIR/loso.json``: the recipe, the command, per-fold P / R / F1 (+ TP / FP / FN per sequence), the mean
and spread (sample std, min, max) of the fold F1s and the pooled counts. Each fold is written to
``DIR/fold_<group>/result.json`` as it finishes, and a rerun skips finished folds (resumable).

Groups: DAUB's sequences 1-3 are one recording, 4 and 8 one, 5-7 one, 9 and 10 one (any other DAUB number is
its own; a DAUB sequence is a folder ``sequence<N>`` / ``data<N>`` holding ``anno_xy.txt``, or as released a
``data<N>`` folder with ``data<N>.txt`` in or beside it, whatever the folders above it are called, or a video
``sequence<N>.avi`` with ``sequence<N>.anno_xy.txt`` beside it); a sequence of any
other dataset is grouped with the other sequences of its dataset folder
(``tensoristd_sky/easy4`` + ``easy6`` -> ``tensoristd_sky``): their recording relations are not documented,
so the conservative choice keeps them on one side. A new sequence under a root joins the rotation.

``--mine-scales 0.5`` (with ``--mine-epochs``): the mining round also runs the stage-1 network at that scale of
the training frames' input (the test pyramid's level) and cuts its false alarms and misses there as crops at that
scale (``hard_negatives``, ``crops.build_crops``); default off.

``--test-scales 1,0.5`` scores the held-out groups with the test-time input pyramid
(``detector.SeqIRSTDetector``); ``--rescore NAME`` scores a finished run's fold weights again with other
scoring options (threshold, relative rule, pyramid) without training (``OUT/rescore_NAME.json``).

``--weights W --saw NAME,...`` scores fixed weights instead of training (the current weights' figure on
the groups they never saw; groups holding a sequence in ``--saw`` are marked ``seen`` and, with
``--fill-from LOSO.json``, take that fold's figure from a LOSO run of their recipe). ``--all`` trains one
detector on every group (the shipped weights: the chosen recipe, fixed epochs, no held-out data).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from workbench.core import shell
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.detection import f1_of, mean_defined, precision_of, recall_of, score_text
from workbench.core.options import (COUNT, NON_NEGATIVE, POSITIVE, OptionError, at_least, between, check_names,
                                    check_options)
from workbench.core.options import SEED
from workbench_seq_irst.label_size import LABEL_SIZE_MODES

DAUB_RECORDINGS = ((1, 2, 3), (4, 8), (5, 6, 7), (9, 10))  # the data's MANIFEST: never split one across a fold


def group_of(path: Path | str, name: str) -> str:
    """The recording group of a sequence (see the module doc). A video goes by the rule of the frames folder it
    stands for: named by its stem, DAUB's by its ``<stem>.anno_xy.txt``; a lone video reading its folder's labels
    is that folder's sequence. ``daub/sequence1.avi`` (+ ``sequence1.anno_xy.txt``) was grouped by its folder,
    ``daub``: every DAUB video in one group, apart from its own recording's frames folders."""
    path = Path(path)
    if path.is_file():
        from workbench.core.data.irseq import DAUB_FILE, LABEL_FILE, video_label_file

        labels = video_label_file(path)[0]
        if labels.parent == path.parent and labels.name in (LABEL_FILE, DAUB_FILE):
            return group_of(path.parent, path.parent.name)
        name = path.stem
    # (the release's data<n> did not match: every released sequence went to its folder's group, one group)
    m = re.fullmatch(r"(?:data|sequence|seq)(\d+)", name.lower())
    # DAUB by its layout (frames + anno_xy.txt), not by a "daub" in the path: a copy in a folder of another name
    # was one group of all its sequences (no fold), one in daub_labelled/ with labels.csv grouped by recording
    if m and _daub_layout(path):
        n = int(m.group(1))
        for rec in DAUB_RECORDINGS:
            if n in rec:
                return "daub_" + "-".join(str(k) for k in rec)
        return f"daub_{n}"
    return path.parent.name or name


def _daub_layout(path: Path) -> bool:
    """``path`` is a sequence in DAUB's layout: a folder with ``anno_xy.txt`` (``irseq.DAUB_FILE``) or, as DAUB was
    released, a ``data<n>`` folder with ``data<n>.txt`` in or beside it (``irseq.daub_release_file``), or a video
    with ``<stem>.anno_xy.txt`` beside it."""
    from workbench.core.data.irseq import DAUB_FILE, daub_release_file

    if path.is_file():
        return path.with_name(f"{path.stem}.{DAUB_FILE}").is_file()
    return (path / DAUB_FILE).is_file() or daub_release_file(path) is not None


def discover(roots) -> dict[str, list[Path]]:
    """{group: [sequence folders]} for every labelled sequence at or under the roots (sorted). A video without
    labels is left out with a warning, a root holding only such videos refused (``sequences.labelled_of``, the
    rule of ``train --data``): it was trained on as frames without any target, or held out and scored with
    nothing."""
    from workbench_seq_irst.runs import list_sequences
    from workbench_seq_irst.sequences import LABELLED_LAYOUTS, labelled_of, not_empty, once

    groups: dict[str, list[Path]] = {}
    seen: dict = {}
    for r in roots:
        not_empty("--root", r)
        if not Path(r).exists():  # was "no labelled sequence here", as if the folder were there
            raise WorkbenchError(f"{r}: no such file or folder")
        found = list_sequences(r)
        if not found:
            raise WorkbenchError(f"{r}: no labelled sequence here ({LABELLED_LAYOUTS})")
        for p, _seq in labelled_of(r, found):
            # one sequence through two spellings (A and /abs/A, a symlink) landed twice, or in two groups:
            # held out in one fold and trained on in it
            if once(p, r, seen):
                groups.setdefault(group_of(p, p.name), []).append(p)
    return dict(sorted(groups.items()))


def folds(groups: dict[str, list]) -> list[tuple[str, list, list]]:
    """[(held-out group, its sequences, training sequences of every other group)]."""
    return [(g, list(seqs), [p for h, ps in groups.items() if h != g for p in ps]) for g, seqs in groups.items()]


@dataclass
class Recipe:
    epochs: int = 6
    crop: int = 64
    batch_size: int = 32
    lr: float = 2e-3
    bg_ratio: float = 1.0
    seed: int = 0
    norm: str = "frame"  # differential.normalize mode
    aug: str = "flip"  # crops.augment mode
    implant: int = 0  # implanted copies of each real training sequence
    implant_snr: tuple = (2.0, 6.0)
    implant_sigma: tuple = (1.5, 3.0)
    synthetic: int = 4  # generated sequences (256x256, 40 frames)
    every: int = 2  # train on every k-th frame of real / implanted sequences
    mine_epochs: int = 0  # of the epochs, the last ones follow a round of hard-negative mining
    threshold: float = 0.5  # mining and, unless score_threshold is set, scoring
    score_threshold: float = 0.0  # scoring threshold of the held-out group (0: threshold)
    relative: float = 0.0  # scoring: keep detections >= relative x the frame's best (detector.keep_strongest)
    max_targets: int = 0  # scoring: at most this many detections per frame (0: no cap)
    half_scale: bool = False  # scale augmentation (crops.build_crops)
    ema: float = 0.0  # weight average (decay per step; 0: off): the averaged weights are kept
    label_size: str = "point"  # point labels of real sequences: "point" (3x3) | "estimate" | "centroid" (label_size)
    label_min: float = 1.0  # with label_size estimate / centroid: no estimated side below this (px)
    scales: tuple = ()  # scale augmentation: one more crop around every target per scale != 1 (crops.build_crops)
    scale_negatives: bool = False  # and at those scales the negatives too (mined false alarms, background)
    test_scales: tuple = (1.0,)  # scoring: the test-time input pyramid (detector.SeqIRSTDetector scales)
    merge_px: float = 0.0  # scoring: the pyramid's merge radius (0: 2 x the matching radius)
    merge_position: str = "strongest"  # scoring: the merged detection's centre (detector.merge_scales)
    mine_scales: tuple = ()  # hard-negative mining also at these scales, errors cut there (hard_negatives)
    members: int = 1  # an ensemble of this many networks, trained with seeds seed, seed + 1, ... (model.SeqIRSTEnsemble)

    def tag(self) -> str:
        return (f"e{self.epochs}-{self.norm}-{self.aug}-imp{self.implant}-syn{self.synthetic}"
                f"-mine{self.mine_epochs}-s{self.seed}" + (f"-x{self.members}" if self.members > 1 else ""))


def training_set(paths, recipe: Recipe, log=None):
    """[(IRSequence, frames)]: real sequences (point labels sized by ``recipe.label_size``), their
    implanted copies, generated sequences."""
    from workbench.core.data.irseq_synth import implant, make_sequences
    from workbench_seq_irst.runs import open_seq

    if recipe.label_size not in LABEL_SIZE_MODES:
        raise OptionError("--label-size", recipe.label_size, f"must be one of {', '.join(LABEL_SIZE_MODES)}")
    data = []
    for p in paths:
        s = open_seq(p)
        if recipe.label_size != "point":
            from workbench_seq_irst.label_size import with_estimated_sizes

            s, st = with_estimated_sizes(s, centre=recipe.label_size == "centroid", min_px=recipe.label_min)
            if log is not None:
                log(f"label size {s.name}: {st['estimated']} of {st['labels']} point labels estimated "
                    f"(median {st['median_w']} x {st['median_h']} px), {st['fallback']} kept at 3x3")
        fr = list(range(0, len(s), max(1, recipe.every)))
        data.append((s, fr))
        for k in range(recipe.implant):
            seed = (recipe.seed * 7919 + k * 104729 + sum(map(ord, s.name))) % (2**31)
            im = implant(s, seed, recipe.implant_snr, recipe.implant_sigma)
            data.append((im, list(range(k % max(1, recipe.every), len(im), max(1, recipe.every)))))
    if recipe.synthetic:
        data += [(s, None) for s in make_sequences(recipe.synthetic, seed=recipe.seed, width=256, height=256,
                                                    frames=40)]
    return data


def frame_errors(dets, labels, match_px: float = 3.0, far_px: float = 6.0):
    """(false alarms, missed targets) of one frame: the ``target`` detections farther than ``far_px`` from
    every target label of ``labels``, and the target labels with no target detection within ``match_px``
    (each detection hits its nearest label). Detections and labels in the same pixels."""
    from workbench.core.data.irseq import TARGET

    tg = [lab for lab in labels if lab.cls == TARGET]
    hit = [False] * len(tg)
    fa = []
    for d in dets:
        if d.cls != TARGET:
            continue
        dist = [np.hypot(d.cx - t.cx, d.cy - t.cy) for t in tg]
        if dist and min(dist) <= match_px:
            hit[int(np.argmin(dist))] = True
        elif not dist or min(dist) > far_px:
            fa.append(d)
    return fa, [t for t, h in zip(tg, hit) if not h]


def hard_negatives(detector, data, match_px: float = 3.0, far_px: float = 6.0, scales=(1.0,)):
    """The paper's false-alarm mining on labelled training sequences: every confident ``target``
    detection farther than ``far_px`` from any target label becomes an ``interference`` label (copies of
    the sequences with the added labels; the data's own labels stay). Returns (data, false alarms, misses)
    at scale 1.

    ``scales`` other than 1 (the test pyramid's levels, e.g. 0.5): the detector also runs on each frame's
    differential input resized by that scale (``crops.scaled_input``, its ``_decode``, detections mapped back
    with ``detector.to_frame``; distances in frame pixels) and that scale's errors, false alarms as 3 x 3
    interference labels of that scale and missed target labels, go to the copy's
    ``meta[crops.MINED_AT][scale][frame]``, which ``crops.build_crops`` cuts at that scale."""
    from workbench.core.data.irseq import INTERFERENCE, IRSequence, Label
    from workbench_seq_irst.crops import MINED_AT, scaled_input
    from workbench_seq_irst.detector import to_frame
    from workbench_seq_irst.differential import FrameCache

    other = [float(sc) for sc in scales if float(sc) != 1.0]
    out, n_fa, n_miss = [], 0, 0
    for s, fr in data:
        idx = s.scored_frames(fr)  # an unlabelled frame's detections are not false alarms
        per = detector.run(s, frames=idx)
        labels = [list(labs) for labs in s.labels]
        for i in idx:
            fa, missed = frame_errors(per[i], s.labels[i], match_px, far_px)
            labels[i] += [Label(i, d.cx, d.cy, 3.0, 3.0, INTERFERENCE) for d in fa]
            n_fa += len(fa)
            n_miss += len(missed)
        meta = s.meta
        if other:
            meta = {**s.meta, MINED_AT: {}}
            cache = FrameCache(s)
            for sc in other:
                at = meta[MINED_AT][sc] = {}
                for i in idx:
                    x = scaled_input(s, cache, i, detector.direction, detector.norm, sc)
                    dets = [to_frame(d, sc) for d in detector._decode(x, i)[0]]
                    fa, missed = frame_errors(dets, s.labels[i], match_px, far_px)
                    if fa or missed:
                        at[i] = ([Label(i, d.cx, d.cy, 3.0 / sc, 3.0 / sc, INTERFERENCE) for d in fa], missed)
        out.append((IRSequence(s.name, s.frames, labels, s.labelled, s.path, s.label_file, meta), fr))
    return out, n_fa, n_miss


def mined_counts(data) -> dict:
    """{scale: (false alarms, misses)} mined at scales other than 1 (``hard_negatives(scales=...)``)."""
    from workbench_seq_irst.crops import MINED_AT

    counts: dict = {}
    for s, _ in data:
        for sc, per_frame in s.meta.get(MINED_AT, {}).items():
            fa, miss = counts.get(sc, (0, 0))
            counts[sc] = (fa + sum(len(v[0]) for v in per_frame.values()),
                          miss + sum(len(v[1]) for v in per_frame.values()))
    return counts


def train_fold(train_paths, recipe: Recipe, out: Path, threads: int = 1, device: str = "cpu", log=print):
    """Train one detector on ``train_paths`` with ``recipe``; returns the weights path (resumable)."""
    from workbench.core.jobs import JobContext
    from workbench_seq_irst.detector import load_detector
    from workbench_seq_irst.train import TrainSettings, train

    out.mkdir(parents=True, exist_ok=True)
    final = out / "weights.pt"
    if final.is_file():
        return final
    if recipe.members > 1:  # each member alone (resumable), then one file
        from dataclasses import replace

        from workbench_seq_irst.model import save_ensemble

        files = []
        for k in range(recipe.members):
            log(f"member {k + 1} of {recipe.members} (seed {recipe.seed + k})")
            files.append(train_fold(train_paths, replace(recipe, seed=recipe.seed + k, members=1),
                                    out / f"member_{k}", threads, device, log))
        return save_ensemble(files, final)
    data = training_set(train_paths, recipe, log)
    first = recipe.epochs - recipe.mine_epochs
    st = TrainSettings(crop=recipe.crop, epochs=first, batch_size=recipe.batch_size, lr=recipe.lr,
                       bg_ratio=recipe.bg_ratio, seed=recipe.seed, threshold=recipe.threshold, threads=threads,
                       select="last", norm=recipe.norm, aug=recipe.aug, ema=recipe.ema,
                       half_scale=recipe.half_scale, scales=tuple(recipe.scales),
                       scale_negatives=recipe.scale_negatives)
    train(JobContext(), data, [], st, out / "stage1", resume=True, device=device, log=log)
    w = out / "stage1" / "best_weights.pt"
    if recipe.mine_epochs:
        det = load_detector(w, device, recipe.threshold)
        real = [(s, fr) for s, fr in data if s.label_file is not None or s.meta.get("implant")]
        mined, n_fa, n_miss = hard_negatives(det, real, scales=(1.0, *recipe.mine_scales))
        log(f"mining: {n_fa} false alarms became interference labels, {n_miss} misses")
        for sc, (fa, miss) in mined_counts(mined).items():
            log(f"mining at scale {sc:g}: {fa} false alarms and {miss} misses, cut at that scale")
        rest = [(s, fr) for s, fr in data if not (s.label_file is not None or s.meta.get("implant"))]
        st2 = TrainSettings(**{**asdict(st), "epochs": recipe.mine_epochs, "seed": recipe.seed + 1})
        # its labels are what stage 1's weights mined (a device's rounding may tip one): not checked on resume
        train(JobContext(), mined + rest, [], st2, out / "stage2", init_weights=w, resume=True, device=device,
              log=log, check_data=False)
        w = out / "stage2" / "best_weights.pt"
    from workbench.core.results import atomic_write_bytes

    # atomic: a weights.pt that exists is a finished one (a half-copied file would block the fold for good)
    return atomic_write_bytes(final, Path(w).read_bytes())


def check_recipe(out: Path, recipe: Recipe) -> None:
    """A run folder holds one recipe: ``out/recipe.json`` is written by the first run and a later run with
    another recipe is refused (it would reuse the finished folds of the first and report them as its own)."""
    from workbench.core.results import atomic_write_text
    from workbench.core.training.checkpoints import refuse_other_recipe

    f = Path(out) / "recipe.json"
    now = json.loads(json.dumps(asdict(recipe)))
    if f.is_file():
        try:
            was = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise WorkbenchError(f"{f}: damaged ({exc}); delete it to start the folder again") from None
        if not isinstance(was, dict):
            raise WorkbenchError(f"{f}: damaged (a JSON {type(was).__name__}, not a recipe); delete it to start the "
                                 "folder again")
        # every option counts, recorded or not: the folder's finished folds are reported as this recipe's
        refuse_other_recipe(f, was, now, "choose another --out (other scoring of the same fold weights: --rescore "
                                         "NAME)", both_sides=True)
    else:
        Path(out).mkdir(parents=True, exist_ok=True)
        atomic_write_text(f, json.dumps(now, indent=2) + "\n")


def score(weights, paths, threshold: float = 0.5, device: str = "cpu", relative: float = 0.0,
          max_targets: int = 0, scales=(1.0,), merge_px: float = 0.0, merge_position: str = "strongest") -> dict:
    from workbench_seq_irst.detector import evaluate, load_detector
    from workbench_seq_irst.runs import open_seq

    det = load_detector(weights, device, threshold, relative=relative, max_targets=max_targets, scales=scales,
                        merge_px=merge_px or None, merge_position=merge_position)
    rep, _ = evaluate(det, [open_seq(p) for p in paths])
    return {k: rep[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn", "skipped") if k in rep} | {
        "per_sequence": rep["per_sequence"]}


def fold_scores(fold: dict) -> dict:
    """``fold`` with its precision and recall taken from its TP / FP / FN where it holds them (and F1 None where
    those are all 0: neither labels nor detections), by today's rule (``evaluation.detection``): a fold file written
    before 45038af holds 0.0 for a no-detection fold's precision, now undefined (null); a LOSO resumed over such
    files, or filled from an older loso.json, mixed the two rules in one table and one mean."""
    counts = [fold.get(k) for k in ("tp", "fp", "fn")]
    if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
        return fold
    tp, fp, fn = counts
    out = dict(fold, precision=precision_of(tp, fp), recall=recall_of(tp, fn))
    if not tp + fp + fn:
        out["f1"] = None
    return out


def summarise(results: dict) -> dict:
    """The folds' mean, spread and pooled counts. One fold has no sample std: ``std_f1`` None (null in loso.json; it
    was 0.0, "± 0.000 over 1 folds" as if folds had agreed exactly: the window runs one fold a call).

    An undefined fold score (null; ``evaluation.detection``) is left out of its mean, and ``mean_over`` says over how
    many folds each mean was taken: a fold without detections has no precision (its F1 is 0 where it had labels:
    it counts as 0 in the F1 mean, spread, min and max); a fold with neither labels nor detections has no F1 either.
    Means, min and max over no fold are null. A fold's precision and recall are taken from its counts where it holds
    them (``fold_scores``: a fold file written before 45038af has 0.0 for an undefined one)."""
    results = {g: fold_scores(r) for g, r in results.items()}
    f1s = [r.get("f1") for r in results.values()]
    f1 = np.array([v for v in f1s if v is not None and v == v], float)
    tp = sum(r.get("tp", 0) for r in results.values())
    fp = sum(r.get("fp", 0) for r in results.values())
    fn = sum(r.get("fn", 0) for r in results.values())
    mean_p, n_p = mean_defined(v.get("precision") for v in results.values())
    mean_r, n_r = mean_defined(v.get("recall") for v in results.values())
    return {"folds": len(results), "mean_f1": float(f1.mean()) if len(f1) else None,
            "std_f1": float(f1.std(ddof=1)) if len(f1) > 1 else None,
            "min_f1": float(f1.min()) if len(f1) else None, "max_f1": float(f1.max()) if len(f1) else None,
            "mean_precision": mean_p, "mean_recall": mean_r,
            "mean_over": {"precision": n_p, "recall": n_r, "f1": len(f1)},
            "pooled": {"precision": precision_of(tp, fp), "recall": recall_of(tp, fn), "f1": f1_of(tp, fp, fn),
                       "tp": tp, "fp": fp, "fn": fn}}


def run_loso(roots, out, recipe: Recipe, threads: int = 1, device: str = "cpu", only=None, log=print,
             command: str = "", groups: dict | None = None) -> dict:
    """``groups``: ``discover(roots)`` when the caller has it already (the window runs one fold a call: each
    call opened every sequence again and repeated its warnings)."""
    from workbench.core.results import atomic_write_text

    out = Path(out)
    groups = discover(roots) if groups is None else groups
    if len(groups) < 2:
        found = ", ".join(f"{g} ({len(v)} sequence{'' if len(v) == 1 else 's'})" for g, v in groups.items()) or "none"
        raise WorkbenchError(f"leave-one-out needs at least two recording groups, found {found}: a sequence's group "
                             "is the folder holding it (DAUB's by recording), so put the recordings in folders of "
                             "their own (ROOT/<group>/<sequence>/) or choose another folder (the command's --root, the "
                             "window's Run LOSO… folder)")
    # a name of no group ran no fold and wrote a table of zeros ("mean 0.000") to loso.json
    check_names("--fold", sorted(only or ()), groups, "a recording group of --root", "group")
    out.mkdir(parents=True, exist_ok=True)  # after those (the folder was made first and left behind, the window's
    # Run LOSO's too)
    check_recipe(out, recipe)
    results = {}
    for g, held, train_paths in folds(groups):
        if only and g not in only:
            continue
        fdir = out / f"fold_{g}"
        rfile = fdir / "result.json"
        if rfile.is_file():
            results[g] = fold_scores(json.loads(rfile.read_text(encoding="utf-8")))  # (one written before 45038af: today's rule)
            log(f"fold {g}: done before, F1 {score_text(results[g].get('f1'))}")
            continue
        t0 = time.perf_counter()
        log(f"fold {g}: held out {[p.name for p in held]}, training on {[p.name for p in train_paths]}")
        w = train_fold(train_paths, recipe, fdir, threads, device, log)
        r = score(w, held, recipe.score_threshold or recipe.threshold, device, recipe.relative, recipe.max_targets,
                  recipe.test_scales, recipe.merge_px, recipe.merge_position)
        r.update({"held_out": [str(p) for p in held], "trained_on": [str(p) for p in train_paths],
                  "wall_s": time.perf_counter() - t0})
        atomic_write_text(rfile, json.dumps(r, indent=2) + "\n")
        results[g] = r
        log(f"fold {g}: P {score_text(r['precision'])} R {score_text(r['recall'])} F1 {score_text(r['f1'])} "
            f"({r['wall_s']:.0f} s)")
        for why in r.get("skipped", {}).values():
            log(f"fold {g}: note: a held-out sequence left out of the score, {why}")
    rep = {"protocol": "leave-one-recording-group-out", "command": command, "recipe": asdict(recipe),
           "groups": {g: [str(p) for p in ps] for g, ps in groups.items()}, "folds": results,
           "summary": summarise(results)}
    atomic_write_text(out / "loso.json", json.dumps(rep, indent=2) + "\n")
    return rep


def score_fixed(roots, out, weights, saw, fill_from=None, threshold: float = 0.5, device: str = "cpu",
                command: str = "") -> dict:
    """Fixed weights on every group they never saw; seen groups from ``fill_from`` (a loso.json)."""
    from workbench.core.results import atomic_write_text

    groups = discover(roots)
    names = {p.name for ps in groups.values() for p in ps}
    # a mistyped name scored the weights on a recording they were trained on, as if unseen
    check_names("--saw", sorted(saw), names, "a sequence under --root", "sequence")
    fill = {}
    if fill_from:
        try:
            fill = json.loads(Path(fill_from).read_text(encoding="utf-8"))["folds"]
        except FileNotFoundError:
            raise WorkbenchError(f"--fill-from {fill_from}: no such file") from None
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):  # was a traceback
            raise WorkbenchError(f"--fill-from {fill_from}: not a loso.json (a LOSO run's per-fold results)") \
                from None
    results, seen = {}, []
    for g, held, _ in folds(groups):
        if any(p.name in saw for p in groups[g]):
            seen.append(g)
            if g in fill:
                results[g] = dict(fold_scores(fill[g]), source=str(fill_from))
            continue
        results[g] = score(weights, held, threshold, device) | {"held_out": [str(p) for p in held],
                                                                  "source": str(weights)}
    rep = {"protocol": "fixed weights on unseen groups", "command": command, "weights": str(weights),
           "seen_groups": seen, "groups": {g: [str(p) for p in ps] for g, ps in groups.items()},
           "folds": results, "summary": summarise(results)}
    Path(out).mkdir(parents=True, exist_ok=True)
    atomic_write_text(Path(out) / "loso.json", json.dumps(rep, indent=2) + "\n")
    return rep


def rescore(run_dir, roots, name: str, threshold: float, relative: float = 0.0, max_targets: int = 0,
            scales=(1.0,), merge_px: float = 0.0, device: str = "cpu", log=print, command: str = "",
            merge_position: str = "strongest") -> dict:
    """Score a finished run's fold weights (``run_dir/fold_<group>/weights.pt``, each trained without its
    group) on their held-out groups again with other scoring settings (threshold, per-frame rule, the
    test-time pyramid), training nothing; ``run_dir/rescore_<name>.json`` in ``loso.json``'s layout."""
    from workbench.core.results import atomic_write_text
    from workbench_seq_irst.detector import parse_scales

    run_dir = Path(run_dir)
    if not re.fullmatch(r"[\w.,-]+", name):
        raise WorkbenchError(f"--rescore: a name of letters, digits, '.', ',', '-' or '_' expected, got {name!r}")
    scales = parse_scales(scales)
    groups = discover(roots)
    results = {}
    for g, held, _ in folds(groups):
        w = run_dir / f"fold_{g}" / "weights.pt"
        if not w.is_file():
            log(f"fold {g}: no weights, left out")
            continue
        t0 = time.perf_counter()
        r = score(w, held, threshold, device, relative, max_targets, scales, merge_px, merge_position)
        r.update({"held_out": [str(p) for p in held], "weights": str(w), "wall_s": time.perf_counter() - t0})
        results[g] = r
        log(f"fold {g}: P {score_text(r['precision'])} R {score_text(r['recall'])} F1 {score_text(r['f1'])} "
            f"({r['wall_s']:.0f} s)")
        for why in r.get("skipped", {}).values():
            log(f"fold {g}: note: a held-out sequence left out of the score, {why}")
    if not results:
        raise WorkbenchError(f"{run_dir}: no fold weights (fold_<group>/weights.pt) to score")
    rep = {"protocol": "leave-one-recording-group-out, fold weights re-scored", "command": command,
           "run": str(run_dir), "scoring": {"threshold": threshold, "relative": relative, "max_targets": max_targets,
                                             "test_scales": list(scales), "merge_px": merge_px,
                                             "merge_position": merge_position},
           "groups": {g: [str(p) for p in ps] for g, ps in groups.items()}, "folds": results,
           "summary": summarise(results)}
    atomic_write_text(run_dir / f"rescore_{name}.json", json.dumps(rep, indent=2) + "\n")
    return rep


SWEEP_THRESHOLDS = tuple(round(0.10 + 0.05 * k, 2) for k in range(17))  # 0.10 ... 0.90
SWEEP_RELATIVE = (0.0, 0.5, 0.7, 0.8, 0.9)


def sweep_postprocess(run_dir, roots, device: str = "cpu", thresholds=SWEEP_THRESHOLDS, relatives=SWEEP_RELATIVE,
                      floor: float = 0.05, log=print, command: str = "", tracks: bool = False, scales=(1.0,),
                      merge_position: str = "strongest", name: str = "") -> dict:
    """Scoring threshold and per-frame relative rule (or, with ``tracks``, the trajectory confirmation of
    tracks.py over its ``GRID`` x ``GRID_RELATIVE``), chosen by leave-one-recording-group-out: every fold's
    weights (``run_dir/fold_<group>/weights.pt``, trained without the group) run once on their held-out
    group keeping detections down to ``floor``; F1 of each fold at every setting; ``nested``: each fold
    scored at the setting of best mean F1 over the *other* folds (so the held-out fold never chooses its
    own setting). ``scales`` / ``merge_position``: the test-time pyramid the fold weights run with. Written to
    ``run_dir/sweep.json`` (``sweep_tracks.json``; ``sweep[_tracks]_NAME.json`` with ``name``)."""
    mode = "tracks" if tracks else "frame"
    return _sweeps(run_dir, roots, (mode,), device, thresholds, relatives, floor, log, command, scales,
                   merge_position, name)[mode]


def _sweeps(run_dir, roots, modes, device: str = "cpu", thresholds=SWEEP_THRESHOLDS, relatives=SWEEP_RELATIVE,
            floor: float = 0.05, log=print, command: str = "", scales=(1.0,), merge_position: str = "strongest",
            name: str = "") -> dict:
    """``sweep_postprocess`` for each of ``modes`` ("frame", "tracks") over one run of the fold weights."""
    from workbench.core.results import atomic_write_text
    from workbench_seq_irst.detector import keep_strongest, load_detector
    from workbench_seq_irst.metrics import score_sequence
    from workbench_seq_irst.runs import open_seq
    from workbench_seq_irst.tracks import GRID, GRID_RELATIVE, confirm

    run_dir = Path(run_dir)
    groups = discover(roots)
    raw: dict[str, list] = {}
    for g, held, _ in folds(groups):
        w = run_dir / f"fold_{g}" / "weights.pt"
        if not w.is_file():
            log(f"fold {g}: no weights, left out of the sweep")
            continue
        det = load_detector(w, device, floor, scales=scales, merge_position=merge_position)
        raw[g] = []
        for p in held:
            s = open_seq(p)
            raw[g].append((det.run(s), s.labels, s.scored_frames()))
        log(f"fold {g}: detections kept down to {floor}")
    if len(raw) < 2:  # the nested choice scores each fold with the setting the others chose
        from workbench.core.errors import WorkbenchError

        raise WorkbenchError(f"{run_dir}: {len(raw)} fold(s) with weights; choosing the post-processing without a "
                             "leak needs at least two (train the other folds first)")

    def counts(g, post):
        tp = fp = fn = 0
        for per, labels, scored in raw[g]:
            c = score_sequence(post(per), labels, frames=scored).as_dict()
            tp, fp, fn = tp + c["tp"], fp + c["fp"], fn + c["fn"]
        return tp, fp, fn

    def choice(key, folds):  # a setting's mean F1 over ``folds`` for the choice; undefined folds left out of
        # the mean (mean_defined), a setting undefined on every fold ranked last
        m = mean_defined(f1_of(*grid[key][h]) for h in folds)[0]
        return (-1.0 if m is None else m, key)

    reps = {}
    for mode in modes:
        if mode == "tracks":
            rules = {f"{rule.key}/{r:.1f}": (lambda per, rule=rule, r=r: confirm(per, rule, r))
                     for rule in GRID for r in GRID_RELATIVE}
            setting = "floor/min_len/min_score/max_step/max_gap/fill/relative"
        else:
            rules = {f"{t:.2f}/{r:.1f}": (lambda per, t=t, r=r: [keep_strongest([d for d in ds if d.score >= t], r)
                                                                  for ds in per])
                     for t in thresholds for r in relatives}
            setting = "threshold/relative"
        grid = {k: {g: counts(g, post) for g in raw} for k, post in rules.items()}
        mean = {k: mean_defined(f1_of(*v[g]) for g in raw)[0] for k, v in grid.items()}
        nested = {}
        for g in raw:
            others = [h for h in raw if h != g]
            key = max(grid, key=lambda k: choice(k, others))
            tp, fp, fn = grid[key][g]
            nested[g] = {"setting": key, "f1": f1_of(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn,
                         "precision": precision_of(tp, fp), "recall": recall_of(tp, fn)}
        pooled = [sum(v[k] for v in nested.values()) for k in ("tp", "fp", "fn")]
        best = max(mean, key=lambda k: choice(k, raw))
        rep = {"command": command, "run": str(run_dir), "floor": floor, "setting": setting,
               "test_scales": list(scales), "merge_position": merge_position,
               "mean_f1": mean, "best": {"setting": best, "mean_f1": mean[best]},
               "nested": {"folds": nested, "mean_f1": mean_defined(v["f1"] for v in nested.values())[0],
                          "pooled_f1": f1_of(*pooled)},
               "counts": {k: {g: list(c) for g, c in v.items()} for k, v in grid.items()}}
        stem = ("sweep_tracks" if mode == "tracks" else "sweep") + (f"_{name}" if name else "")
        atomic_write_text(run_dir / f"{stem}.json", json.dumps(rep, indent=2) + "\n")
        reps[mode] = rep
    return reps


#: the fields of a sweep's setting (``sweep_postprocess``'s ``setting``) as the options of `workbench detect` that set
#: them: the printed "setting 0.25/8/0.5/8/5/1/0.9" said no word of which number is which
SETTING_OPTIONS = {"floor": "--track-floor", "min_len": "--track-min-len", "min_score": "--track-min-score",
                   "max_step": "--track-step", "max_gap": "--track-gap", "fill": "--track-fill (1: on)",
                   "relative": "--relative", "threshold": "--threshold"}


def sweep_lines(rep: dict) -> list[str]:
    """What ``--sweep`` / ``--sweep-tracks`` print of a sweep's report: the setting's fields as `workbench detect`'s
    options, each fold's nested choice and score, the nested mean and the best single setting."""
    fields = rep["setting"].split("/")
    # the frame sweep scores the per-frame rule alone, which `detect` applies with its tracks off (on by default)
    tracks = "--tracks on" if "floor" in fields else "--tracks off"
    lines = [f"setting = {rep['setting']}: `workbench detect` ({tracks}) "
             + " / ".join(SETTING_OPTIONS.get(f, f) for f in fields)]
    for g, v in rep["nested"]["folds"].items():
        lines.append(f"{g:18s} setting {v['setting']}  P {score_text(v['precision'])} R {score_text(v['recall'])} "
                     f"F1 {score_text(v['f1'])}")
    lines.append(f"nested mean F1 {score_text(rep['nested']['mean_f1'])} (pooled "
                 f"{score_text(rep['nested']['pooled_f1'])}); best single setting {rep['best']['setting']} "
                 f"(mean F1 {score_text(rep['best']['mean_f1'])}, chosen on the folds it is reported on)")
    return lines


def select_postprocess(run_dir, roots, device: str = "cpu", log=print) -> dict:
    """After a LOSO run: the post-processing chosen without leaks over its fold weights, both ways (the
    per-frame rule and the trajectory confirmation, over one run of the fold weights: ``_sweeps``), added to
    ``run_dir/loso.json`` as ``tracks`` (its best setting, rule and nested figures, beside the per-frame
    rule's nested figure): what the window's LOSO tab shows. Returns the updated report."""
    from workbench.core.results import atomic_write_text
    from workbench_seq_irst.tracks import TrackRule

    run_dir = Path(run_dir)
    rep = json.loads((run_dir / "loso.json").read_text(encoding="utf-8"))
    both = _sweeps(run_dir, roots, ("frame", "tracks"), device, log=log)
    frame, tr = both["frame"], both["tracks"]
    best = tr["best"]["setting"]
    rep["tracks"] = {"setting": best, "rule": asdict(TrackRule.from_key(best)) | {"relative": float(best.split("/")[-1])},
                     "best_mean_f1": tr["best"]["mean_f1"], "nested": tr["nested"],
                     "per_frame_rule_best": frame["best"], "per_frame_rule_nested_mean_f1": frame["nested"]["mean_f1"]}
    atomic_write_text(run_dir / "loso.json", json.dumps(rep, indent=2) + "\n")
    return rep


def format_table(rep: dict) -> str:
    from workbench.core.evaluation.plots import spread_text

    lines = [f"{'fold':18s} {'P':>6s} {'R':>6s} {'F1':>6s}   TP/FP/FN"]
    for g, r in rep["folds"].items():
        lines.append(f"{g:18s} {score_text(r['precision']):>6s} {score_text(r['recall']):>6s} "
                     f"{score_text(r['f1']):>6s}   {r.get('tp', '?')}/{r.get('fp', '?')}/{r.get('fn', '?')}")
    s = rep["summary"]
    lines.append(f"{'mean (std)':18s} {score_text(s['mean_precision']):>6s} {score_text(s['mean_recall']):>6s} "
                 f"{score_text(s['mean_f1']):>6s} ({spread_text(s['std_f1'])}), min {score_text(s['min_f1'])} max "
                 f"{score_text(s['max_f1'])}; pooled F1 {score_text(s['pooled']['f1'])}")
    over, folds = s.get("mean_over") or {}, s.get("folds", len(rep["folds"]))
    fewer = [f"{name} over {over[key]} of {folds}" for key, name in (("precision", "P"), ("recall", "R"), ("f1", "F1"))
             if isinstance(over.get(key), int) and over[key] < folds]
    if fewer:  # a fold's undefined score (no detections: no precision) is left out of the mean
        lines.append(f"{'':18s} means of the defined folds: {', '.join(fewer)} ('\u2014': undefined, 0 / 0)")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench train seq_irst --loso",
                                description="Leave-one-recording-group-out training and scoring of seq_irst.")
    p.add_argument("--root", action="append", required=True, help="a sequence folder or a folder of them; repeatable")
    # the README sends a reader to this -h for the options: each says what it is (nine were bare names)
    p.add_argument("--out", required=True, help="folder of the folds' trainings and the report (a rerun resumes)")
    p.add_argument("--epochs", type=int, default=6, help="training epochs of each fold (default 6)")
    p.add_argument("--crop", type=int, default=64, help="training crop size in px (default 64)")
    p.add_argument("--batch-size", type=int, default=32, help="crops per training step (default 32)")
    p.add_argument("--lr", type=float, default=2e-3, help="learning rate (default 0.002)")
    p.add_argument("--bg-ratio", type=float, default=1.0, help="background crops per target crop (default 1)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0; an ensemble's members: SEED, SEED+1, ...)")
    p.add_argument("--norm", choices=("frame", "channel"), default="frame",
                   help="differential input's noise normalisation: frame = one sigma for the frame's three channels, "
                        "channel = each channel by its own (default frame)")
    p.add_argument("--aug", choices=("flip", "strong"), default="flip",
                   help="crop augmentation: flip = random horizontal / vertical flips; strong = also right-angle "
                        "rotations, gain, noise, blur and polarity (default flip)")
    p.add_argument("--implant", type=int, default=0, help="implanted copies per real training sequence")
    p.add_argument("--implant-sigma", default="1.5,3.0",
                   help="LO,HI: Gaussian point-spread sigma (px) of implanted targets, drawn per implanted sequence")
    p.add_argument("--implant-snr", default="2.0,6.0", help="LO,HI: implant peak / the background's temporal noise")
    p.add_argument("--synthetic", type=int, default=4, help="generated training sequences (256x256x40)")
    p.add_argument("--every", type=int, default=2, help="train on every k-th frame of real sequences")
    p.add_argument("--mine-epochs", type=int, default=0, help="last epochs after a hard-negative mining round")
    p.add_argument("--threshold", type=float, default=0.5, help="mining threshold (and scoring, unless "
                                                                 "--score-threshold)")
    p.add_argument("--score-threshold", type=float, default=0.0, help="scoring threshold (0: --threshold)")
    p.add_argument("--relative", type=float, default=0.0,
                   help="scoring: keep detections >= this fraction of the frame's best (0: off; shipped 0.9)")
    p.add_argument("--max-targets", type=int, default=0, help="scoring: at most this many per frame (0: no cap)")
    p.add_argument("--ema", type=float, default=0.0, help="weight average decay per step (0: off); kept weights "
                                                          "are the average")
    p.add_argument("--half-scale", action="store_true",
                   help="scale augmentation: also a crop around every target at half scale")
    p.add_argument("--label-size", choices=LABEL_SIZE_MODES, default="point",
                   help="point labels of real training sequences: point = the reader's 3x3; estimate = the "
                        "target's extent measured on its frame (label_size); centroid = that and its centroid")
    p.add_argument("--label-min", type=float, default=1.0,
                   help="with --label-size estimate / centroid: the smallest estimated side in px (3: never below "
                        "the reader's default)")
    p.add_argument("--scales", default="",
                   help="comma-separated scales, e.g. 1,2: one more crop around every target per scale != 1, cut "
                        "from the frame's differential input resized by it (labels scaled)")
    p.add_argument("--scale-negatives", action="store_true",
                   help="with --scales: at the other scales also the negatives (a crop around a mined false alarm "
                        "or other interference label, and background crops), not only crops centred on targets")
    p.add_argument("--mine-scales", default="",
                   help="with --mine-epochs: comma-separated scales other than 1, e.g. 0.5 (the test pyramid's): the "
                        "mining round also runs the stage-1 network on the training frames' input resized by each, "
                        "and its false alarms (interference) and misses (targets) there become crops cut at that "
                        "scale")
    p.add_argument("--test-scales", default="1",
                   help="scoring: test-time input pyramid, comma-separated scales of the held-out frames' "
                        "differential input, e.g. 1,2 (each scored, detections mapped back and merged; 1: off)")
    p.add_argument("--merge-px", type=float, default=0.0,
                   help="scoring with --test-scales: detections of different scales this close (px) are one, the "
                        "stronger kept (0: 2 x the 3 px matching radius)")
    p.add_argument("--merge-position", choices=("strongest", "finest"), default="strongest",
                   help="scoring with --test-scales: a merged detection is the stronger one, or the one of the "
                        "finest scale among those merged (centre, size, class) with the best score")
    p.add_argument("--rescore", metavar="NAME",
                   help="score the fold weights already in --out again with the scoring options (--score-threshold "
                        "or --threshold, --relative, --max-targets, --test-scales, --merge-px); writes "
                        "OUT/rescore_NAME.json, trains nothing")
    p.add_argument("--fold", action="append", default=[], help="run only these held-out groups")
    p.add_argument("--members", type=int, default=1,
                   help="an ensemble of this many networks per fold (and with --all), trained with seeds SEED, "
                        "SEED+1, ...; the detector averages their outputs (the shipped detector: 2)")
    p.add_argument("--all", action="store_true", help="train one detector on every group (no held-out fold)")
    p.add_argument("--weights", help="score these fixed weights instead of training")
    p.add_argument("--saw", default="", help="with --weights: comma-separated sequence names the weights trained on")
    p.add_argument("--fill-from", help="with --weights: loso.json whose folds stand in for the seen groups")
    p.add_argument("--sweep", action="store_true",
                   help="choose the scoring threshold / relative rule by leave-one-group-out over the fold "
                        "weights already in --out (writes OUT/sweep.json; trains nothing)")
    p.add_argument("--sweep-tracks", action="store_true",
                   help="the same for the trajectory confirmation (tracks.py's grid; writes OUT/sweep_tracks.json); "
                        "both take --test-scales / --merge-position, and --rescore NAME to name the file")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1)")
    p.add_argument("--device", default="cpu", help="cpu (default), cuda or auto (cuda where there is one)")
    return p


def _pair(text: str, flag: str) -> tuple:
    try:
        lo, hi = (float(v) for v in text.split(","))
    except ValueError:
        raise WorkbenchError(f"{flag} expects LO,HI, got {text!r}") from None
    if not 0 < lo <= hi:
        raise WorkbenchError(f"{flag} expects 0 < LO <= HI, got {text!r}")
    return (lo, hi)


def _scales(text: str) -> tuple:
    try:
        sc = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise WorkbenchError(f"--scales expects comma-separated numbers, got {text!r}") from None
    if any(not 0.1 <= s <= 8 for s in sc):
        raise WorkbenchError(f"--scales expects scales in 0.1 ... 8, got {text!r}")
    return tuple(s for s in sc if s != 1.0)


def _test_scales(text: str) -> tuple:
    from workbench_seq_irst.detector import parse_scales

    return parse_scales(text)


def check_numbers(a) -> None:
    """Numbers a run cannot use, refused in one line before any fold is trained: torch's tracebacks
    (--threads -1, --lr -1), a run of another number than asked (--every 0 ran as 1), or a whole fold
    trained before the value failed (--ema 1 as "ema must be in [0, 1)"; --threshold 2 mined and scored
    nothing: no score reaches it)."""
    from workbench_seq_irst.train import CROP, EMA, THREADS, TrainSettings, check_crop_stride

    check_options([("--threads", a.threads, THREADS), ("--epochs", a.epochs, COUNT),
                   ("--batch-size", a.batch_size, COUNT), ("--every", a.every, COUNT), ("--crop", a.crop, CROP),
                   ("--bg-ratio", a.bg_ratio, NON_NEGATIVE), ("--lr", a.lr, POSITIVE),
                   ("--implant", a.implant, NON_NEGATIVE), ("--synthetic", a.synthetic, NON_NEGATIVE),
                   ("--mine-epochs", a.mine_epochs, NON_NEGATIVE),
                   ("--threshold", a.threshold, between(0, 1, note="a detection score")),
                   ("--score-threshold", a.score_threshold, between(0, 1, note="0: --threshold")),
                   ("--relative", a.relative, between(0, 1, note="0: off")),
                   ("--max-targets", a.max_targets, at_least(0, "0: no cap")), ("--ema", a.ema, EMA),
                   ("--label-min", a.label_min, NON_NEGATIVE), ("--merge-px", a.merge_px, NON_NEGATIVE),
                   ("--members", a.members, between(1, 16)), ("--seed", a.seed, SEED)])
    check_crop_stride(a.crop, TrainSettings().backbone)  # the folds train the default backbone
    if a.mine_epochs >= a.epochs:
        raise OptionError("--mine-epochs", a.mine_epochs, f"must be fewer than --epochs ({a.epochs})")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    a = parser().parse_args(argv)
    cmd = "workbench train seq_irst --loso " + shell.join(argv)
    check_numbers(a)
    from workbench.core.device import resolve_device

    a.device = resolve_device(a.device)  # --device cuda without a GPU: torch's AssertionError deep in a fold
    if a.threads:
        import torch

        torch.set_num_threads(a.threads)
    if a.sweep or a.sweep_tracks:
        rep = sweep_postprocess(a.out, a.root, a.device, command=cmd, tracks=a.sweep_tracks,
                                scales=_test_scales(a.test_scales), merge_position=a.merge_position,
                                name=a.rescore or "")
        print("\n".join(sweep_lines(rep)))
        return 0
    if a.rescore:
        from workbench_seq_irst.detector import parse_scales

        rep = rescore(a.out, a.root, a.rescore, a.score_threshold or a.threshold, a.relative, a.max_targets,
                      parse_scales(a.test_scales), a.merge_px, a.device, command=cmd,
                      merge_position=a.merge_position)
        print(format_table(rep))
        return 0
    if a.weights:
        rep = score_fixed(a.root, a.out, a.weights, {s for s in a.saw.split(",") if s}, a.fill_from, a.threshold,
                          a.device, cmd)
        print(format_table(rep))
        return 0
    recipe = Recipe(epochs=a.epochs, crop=a.crop, batch_size=a.batch_size, lr=a.lr, bg_ratio=a.bg_ratio, seed=a.seed,
                    norm=a.norm, aug=a.aug, implant=a.implant, implant_sigma=_pair(a.implant_sigma, "--implant-sigma"),
                    implant_snr=_pair(a.implant_snr, "--implant-snr"), synthetic=a.synthetic, every=a.every,
                    mine_epochs=a.mine_epochs, threshold=a.threshold, score_threshold=a.score_threshold,
                    relative=a.relative, max_targets=a.max_targets, ema=a.ema,
                    half_scale=a.half_scale, label_size=a.label_size, label_min=a.label_min, scales=_scales(a.scales),
                    scale_negatives=a.scale_negatives, test_scales=_test_scales(a.test_scales), merge_px=a.merge_px,
                    merge_position=a.merge_position, mine_scales=_scales(a.mine_scales), members=a.members)
    if a.all:
        groups = discover(a.root)
        paths = [p for ps in groups.values() for p in ps]
        t0 = time.perf_counter()
        check_recipe(Path(a.out) / "all", recipe)
        w = train_fold(paths, recipe, Path(a.out) / "all", a.threads, a.device)
        from workbench.core.results import atomic_write_text

        atomic_write_text(Path(a.out) / "all.json", json.dumps(
            {"command": cmd, "recipe": asdict(recipe), "trained_on": [str(p) for p in paths], "weights": str(w),
             "wall_s": time.perf_counter() - t0}, indent=2) + "\n")
        print(f"weights: {w}")
        return 0
    rep = run_loso(a.root, a.out, recipe, a.threads, a.device, set(a.fold) or None, command=cmd)
    print(format_table(rep))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
