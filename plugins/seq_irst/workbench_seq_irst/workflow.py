"""The analyst's rounds as functions (the panel calls them on a worker; ``run_iterations`` drives
them headless): train an iteration, build the refinement queue, build the mining queue.

``python -m workbench_seq_irst.workflow --project DIR --iterations 4 ...`` runs the whole
strategy on generated data, with ``refine.oracle_review`` (the true labels) standing in for the
analyst's manual double-check, and prints the iteration table (the paper's Table 3 shape).
"""
from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from workbench.core import shell
from workbench.core.evaluation.detection import score_text
from workbench_seq_irst.project import Project
from workbench_seq_irst.refine import ReviewQueue, mean_label_loss, rank_labels
from workbench_seq_irst.train import TrainSettings


def train_iteration(ctx, project: Project, settings: TrainSettings, log=print, device: str = "cpu",
                    crops=None) -> dict:
    """Train on the project's current training set (from the previous iteration's weights when there
    is one), score the validation sequences on full frames, record and return the table row.
    ``crops``: a crop set already built from the current training set (else it is built here).
    A cancelled iteration's checkpoint is resumed when it was trained with these settings; with others it is
    set aside and the iteration starts afresh (``set_aside_other_recipe``; the row's ``restarted`` names the
    changes, ``set_aside`` the folder)."""
    from workbench_seq_irst.detector import SeqIRSTDetector, evaluate
    from workbench_seq_irst.train import train

    k = len(project.iterations) + 1
    init = project.latest_weights()
    out = project.run_dir(k)
    val = project.sequences("val")
    vf = project.val_frames()
    t0 = time.perf_counter()
    changed, aside = [], None
    if settings.epochs == 0:  # iteration "0 epochs": score the weights it starts from (e.g. shipped ones)
        from workbench.core.atomic import atomic_copy
        from workbench.core.training.loop import FitResult
        from workbench_seq_irst.crops import CropSet
        from workbench_seq_irst.detector import load_detector

        if init is None:
            from workbench.core.errors import WorkbenchError

            raise WorkbenchError("0 epochs: there are no weights to start from")
        out.mkdir(parents=True, exist_ok=True)
        atomic_copy(init, out / "best_weights.pt")
        model = load_detector(init).model
        res, crops = FitResult(), CropSet(settings.crop)
    else:
        data = project.train_set()
        changed, aside, ck = set_aside_other_recipe(project, out, settings, log, data)
        res, crops, model = train(ctx, data, val, settings, out, init_weights=init, device=device,
                                  log=log, resume=ck is not None, val_frames=vf, crops=crops, checkpoint=ck)
    wall = time.perf_counter() - t0
    weights = out / "best_weights.pt"
    row = {"iteration": k, "epochs": settings.epochs, "images": project.n_images(), "crops": len(crops),
           "crop": settings.crop, "precision": None, "recall": None, "f1": None, "train_s": wall,  # not scored
           "weights": str(weights.relative_to(project.root)), "cancelled": res.cancelled}
    if val and weights.is_file():
        from workbench.core.training import load_weights

        load_weights(weights, model)
        det = SeqIRSTDetector(model, device, settings.threshold, settings.direction, settings.match_px,
                              getattr(settings, "relative", 0.0), getattr(settings, "max_targets", 0))
        rep, _ = evaluate(det, val, None, settings.match_px, vf)
        row.update(precision=rep["precision"], recall=rep["recall"], f1=rep["f1"])
        for why in rep.get("skipped", {}).values():
            log(f"note: iteration {k}'s score leaves out a validation sequence, {why}")
    if changed:  # said in the table's row too (the panel's status line)
        row.update(restarted=changed, set_aside=aside.relative_to(project.root).as_posix())
    if not res.cancelled:
        project.record_iteration(row)
    return row


def recipe_changes(checkpoint: dict, settings: TrainSettings) -> list[str]:
    """The settings that make a training what it is (``train.RECIPE``, and the backbone) on which a checkpoint's
    run and ``settings`` differ, each as ``"lr 0.002 -> 0.01"`` (recorded -> now); compared by
    ``core.training.checkpoints.recipe_differences``, as ``check_recipe`` compares them. A checkpoint from
    before recipes were recorded has none."""
    from workbench.core.training.checkpoints import recipe_differences
    from workbench_seq_irst.train import recipe_of

    extra = (checkpoint or {}).get("extra") or {}
    before = extra.get("recipe")
    if not isinstance(before, dict):
        return []
    before = dict(before, **({"backbone": extra["backbone"]} if "backbone" in extra else {}))
    now = dict(recipe_of(settings), backbone=settings.backbone)
    return [f"{k} {was!r} -> {v!r}" for k, was, v in recipe_differences(before, now)]


def set_aside_other_recipe(project: Project, out: Path, settings: TrainSettings, log=print, dataset=None):
    """A cancelled iteration (``out/last.pt``, not recorded) that Train again would resume, when the settings
    have changed since (the window's crop, backbone ...): its run folder is moved aside whole, to
    ``runs/iter_<k>.cancelled`` (``-2`` ... when taken; nothing deleted), so that the iteration starts afresh
    with the settings shown, not half with the ones it was cancelled with and half with these (the command's
    ``--resume`` refuses another recipe; the window has no --out to give); likewise when ``dataset`` (the training
    set given to ``train``) is not the one it was cancelled on. Said in ``log``. Returns (the changes
    as ``"crop 64 -> 32"``, the folder they went to, None), or ([], None, the checkpoint read: passed on to
    ``train``, which reads it no more) when the iteration resumes as it was; ([], None, None) without one."""
    last = out / "last.pt"
    if not last.is_file():
        return [], None, None
    from workbench.core.training.checkpoints import load_checkpoint

    ck = load_checkpoint(last)
    changed = recipe_changes(ck, settings)
    if dataset is not None:  # labels reviewed or frames mined since: train refuses a resume over other data
        from workbench.core.training.fingerprint import same_data
        from workbench_seq_irst.fingerprint import data_fingerprint

        if same_data((ck.get("extra") or {}).get("data"), data_fingerprint(dataset)) is False:
            changed.append("the training set (labels or frames)")
    if not changed:
        return [], None, ck
    aside, n = out.with_name(out.name + ".cancelled"), 1
    while aside.exists():
        n += 1
        aside = out.with_name(f"{out.name}.cancelled-{n}")
    out.rename(aside)
    log(f"iteration {out.name.split('_')[-1]}: its cancelled run was trained with other settings "
        f"({'; '.join(changed)}): started afresh with these; the cancelled run kept in "
        f"{aside.relative_to(project.root).as_posix()}")
    return changed, aside, None


def detector_for(project: Project, settings: TrainSettings, device: str = "cpu"):
    from workbench_seq_irst.detector import load_detector

    w = project.latest_weights()
    if w is None:
        from workbench.core.errors import WorkbenchError

        raise WorkbenchError(f"project {project.root}: train an iteration first")
    return load_detector(w, device, settings.threshold, settings.direction, settings.match_px,
                         relative=getattr(settings, "relative", 0.0), max_targets=getattr(settings, "max_targets", 0))


def refine_queue(ctx, project: Project, detector, a: float = 1.0, b: float = 1.0) -> ReviewQueue:
    """Every label of the training set ranked by loss (plus unlabelled confident detections)."""
    data = project.train_set()
    items = rank_labels(detector, data, ctx, a, b)
    return ReviewQueue(items, {s.name: s.labels for s, _ in data})


def mine_queue(ctx, project: Project, detector, names: list[str] | None = None) -> ReviewQueue:
    """Miss and false-alarm candidates of mined sequences not mined yet (or of ``names``)."""
    from workbench_seq_irst.mining import mine

    entries = [e for e in project.sequences_ if e["role"] == "mined" and
               (e["name"] in names if names else not e.get("mined_at"))]
    items, labels = [], {}
    for e in entries:
        seq = project.sequence(e["name"])
        trs, cands, pseudo = mine(detector, seq, ctx)
        if seq.labelled:  # mined before: keep what was decided then, add new trajectory points
            pseudo = [list(a) + [p for p in b if all(abs(p.cx - q.cx) + abs(p.cy - q.cy) > 2 for q in a)]
                      for a, b in zip(seq.labels, pseudo)]
        items += cands
        labels[e["name"]] = pseudo
        e["mined_at"] = len(project.iterations)
        e["trajectories"] = len(trs)
    project.save()
    return ReviewQueue(items, labels)


def run_iterations(project: Project, settings: TrainSettings, iterations: int, first_epochs: int, epochs: int,
                   truth: dict, review_limit: int | None = None, mine_per_iter: int = 1, log=print,
                   device: str = "cpu", ctx=None, strategy: bool = True) -> list[dict]:
    """The whole strategy headless, the oracle reviewing; returns the iteration table rows.

    ``strategy=False`` is the control: the same iterations and epochs, no refinement and no mining
    (what the extra epochs alone give)."""
    from workbench_seq_irst.refine import oracle_review

    rows = list(project.iterations)
    while len(rows) < iterations:
        k = len(rows) + 1
        note = {}
        if k > 1 and strategy:
            det = detector_for(project, settings, device)
            q = refine_queue(ctx, project, det, settings.a, settings.b)
            before = mean_label_loss(q.items)
            c = oracle_review(q, truth, limit=review_limit or None)
            q.save(project, f"iter_{k}_refine")
            pending = [e["name"] for e in project.sequences_ if e["role"] == "mined" and not e.get("mined_at")]
            q2 = mine_queue(ctx, project, det, pending[:mine_per_iter]) if pending else None
            c2 = oracle_review(q2, truth) if q2 is not None else {}
            if q2 is not None:
                q2.save(project, f"iter_{k}_mine")
            log(f"iteration {k}: mean label loss {before:.4f}; refine {c}; mined {pending[:mine_per_iter]} {c2}")
            note = {"label_loss_before": before, "refined": c, "mined": c2}
        s = replace(settings, epochs=first_epochs if k == 1 else epochs)
        row = train_iteration(ctx, project, s, log, device)
        if note:
            row.update(note)
            project.iterations[-1].update(note)
            project.save()
        rows.append(row)
        log(f"iteration {k}: images {row['images']} P {score_text(row['precision'], 4)} "
            f"R {score_text(row['recall'], 4)} F1 {score_text(row['f1'], 4)} ({row['train_s']:.0f} s)")
    return rows


def setup_synthetic_project(root, n_train: int = 6, n_val: int = 3, n_mined: int = 3, seed: int = 0,
                            noisy: bool = True, **kw) -> tuple[Project, dict]:
    """A project of generated sequences written to ``root/data``: training sequences with a non-expert's
    labels (``noisy_labels``), validation sequences with true labels, new sequences to mine. Returns
    (project, true labels by sequence name)."""
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence, noisy_labels

    root = Path(root)
    pr = Project.create(root)
    truth = {}
    if pr.sequences_:
        for e in pr.sequences_:
            truth[e["name"]] = make_sequence(**e["synth"]).labels
        return pr, truth
    plan = [("train", n_train, 0), ("val", n_val, 500), ("mined", n_mined, 900)]
    for role, n, off in plan:
        for j in range(n):
            args = dict(seed=seed * 1000 + off + j, **kw)
            seq = make_sequence(**args)
            name = f"{role}_{j:02d}"
            truth[name] = seq.labels
            shown = seq.with_labels(noisy_labels(seq, seed + off + j)) if (role == "train" and noisy) else seq
            path = save_irseq(shown, root / "data" / name)
            if role == "mined":
                (path / "labels.csv").unlink()  # new data arrive without labels
            nm = pr.add_sequence(path, role, name)
            pr.entry(nm)["synth"] = args
    pr.save()
    return pr, truth


def setup_real_project(root, paths, train_frames: slice | None, val_frames: slice | None, init=None,
                       n_synth: int = 0, seed: int = 0, **kw) -> tuple[Project, dict]:
    """A project over real labelled sequences: ``train_frames`` of each train, ``val_frames`` of each are
    scored (a temporal split); optionally ``n_synth`` generated training sequences beside them, and
    ``init`` weights recorded as iteration 1 when the first iteration trains 0 epochs. The true labels
    for the oracle are the sequences' own annotation (complete for targets in DAUB: one per frame)."""
    from workbench.core.data.irseq import centres_of, open_irseq, save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.project import as_pixel_index

    root = Path(root)
    pr = Project.create(root)
    truth = {}
    if not pr.sequences_:
        for p in paths:
            seq = open_irseq(p)
            idx = list(range(len(seq)))
            pr.add_sequence(p, "train", seq.name + "_train", None if train_frames is None else idx[train_frames])
            pr.add_sequence(p, "val", seq.name + "_val", None if val_frames is None else idx[val_frames])
        for j in range(n_synth):
            args = dict(seed=seed * 1000 + 700 + j, **kw)
            path = save_irseq(make_sequence(**args), root / "data" / f"synth_{j:02d}")
            pr.add_sequence(path, "train", f"synth_{j:02d}")
            pr.entry(f"synth_{j:02d}")["synth"] = args
        pr.settings["init"] = str(init) if init else None
        pr.save()
    for e in pr.sequences_:
        if "synth" in e:
            truth[e["name"]] = make_sequence(**e["synth"]).labels
        else:  # counted as the project counts its labels (pixel indices: an Anti-UAV / YOLO box centre less 0.5)
            src = open_irseq(e["path"])
            truth[e["name"]] = as_pixel_index(src.labels, centres_of(src.meta))
    return pr, truth


def frame_size(text: str) -> tuple[int, int]:
    """``--size WxH`` of the generated frames; anything else is refused by argparse naming the option (``abc`` was
    int()'s ValueError traceback). 16x16 to 4096x4096, the bounds of ``train --synthetic-size``."""
    try:
        w, h = (int(v) for v in str(text).lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects WxH in pixels, e.g. 160x128; got {text!r}") from None
    if min(w, h) < 16 or max(w, h) > 4096:
        raise argparse.ArgumentTypeError(f"{text}: frames of 16x16 up to 4096x4096 are generated")
    return w, h


def main(argv=None) -> int:
    import sys

    p = argparse.ArgumentParser(prog="python -m workbench_seq_irst.workflow",
                                description="Run the whole training strategy on generated data (oracle review).")
    p.add_argument("--project", required=True)
    p.add_argument("--iterations", type=int, default=4)
    p.add_argument("--first-epochs", type=int, default=6)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--crop", type=int, default=64)
    p.add_argument("--train", type=int, default=6)
    p.add_argument("--val", type=int, default=3)
    p.add_argument("--mined", type=int, default=3)
    p.add_argument("--size", type=frame_size, default="160x128", help="WxH of the generated frames")
    p.add_argument("--frames", type=int, default=40)
    p.add_argument("--review-limit", type=int, default=60, help="worst items the oracle reviews per round (0: all)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--real", action="append", default=[], help="real labelled sequences instead of generated ones")
    p.add_argument("--train-frames", help="START:END of each --real sequence to train on")
    p.add_argument("--val-frames", help="START:END of each --real sequence to score")
    p.add_argument("--synthetic-train", type=int, default=0, help="with --real: generated training sequences too")
    p.add_argument("--init", help="weights iteration 1 starts from (with --first-epochs 0: iteration 1 = them)")
    p.add_argument("--select", choices=("best", "last"), default="best",
                   help="weights an iteration keeps: best validation F1, or the last epoch (when the validation "
                        "frames are also the test)")
    p.add_argument("--control", action="store_true", help="no refinement, no mining: the same epochs only")
    p.add_argument("--plot", help="save the iteration plot here (.png/.svg/.pdf)")
    from workbench_seq_irst.sequences import joined_ranges

    args = p.parse_args(joined_ranges(sys.argv[1:] if argv is None else argv, ("--train-frames", "--val-frames")))
    w, h = args.size
    if args.real:
        from workbench_seq_irst.sequences import frame_range

        pr, truth = setup_real_project(args.project, args.real, frame_range(args.train_frames, "--train-frames"),
                                       frame_range(args.val_frames, "--val-frames"), args.init, args.synthetic_train,
                                       args.seed, width=w, height=h, frames=args.frames)
    else:
        pr, truth = setup_synthetic_project(args.project, args.train, args.val, args.mined, args.seed,
                                            width=w, height=h, frames=args.frames)
    if args.init and not pr.iterations and not pr.latest_weights():
        # the first iteration starts from these weights: put them where latest_weights() finds them
        from workbench.core.atomic import atomic_copy

        d = pr.root / "runs" / "init"
        d.mkdir(parents=True, exist_ok=True)
        atomic_copy(args.init, d / "weights.pt")
        pr.settings["init_weights"] = "runs/init/weights.pt"
        pr.save()
    s = TrainSettings(crop=args.crop, threads=args.threads, seed=args.seed, val_every=2, select=args.select)
    rows = run_iterations(pr, s, args.iterations, args.first_epochs, args.epochs, truth, args.review_limit,
                          strategy=not args.control)
    from workbench_seq_irst.mining import format_table, plot_table

    print(format_table(rows))
    if args.plot:
        plot_table(rows, args.plot)
    from workbench.core.results import write_json

    write_json(Path(args.project) / "iterations.json", {"command": shell.join(sys.argv), "rows": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
