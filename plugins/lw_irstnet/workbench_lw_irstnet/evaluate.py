"""``workbench segment --model lw_irstnet --dataset ROOT --split FILE [--weights W] --json OUT [--plots DIR] [--out DIR]``

Scores a SIRST-style split with the DNANet / BasicIRSTD metrics (``core.evaluation.segmentation``):
miou, niou, f1, precision, recall, pd, fa (fraction; ``fa_e6`` = x1e-6), auc; plus params, flops
(thop convention at 1x3x256x256, see ``core.evaluation.complexity``) and fps (torch eager, forward
pass with pre- and post-processing, at each image's native size padded to a multiple of 8, batch 1).
A folder with ``images/`` and YOLO ``labels/`` but no ``masks/`` (IST-A as stored here) is scored from its
boxes: Pd and Fa only (``BOX_CONVENTION``); mIoU / nIoU need masks. Images, frames or a video with neither
(an analyst's own data) are segmented and not scored: masks, pictures and the targets found per image. ``--out DIR`` writes the predicted masks in the core's mask layout,
``DIR/<dataset>/lw_irstnet/<variant>/<split>/<image name>.png``, beside the run's ``manifest.json``.

Qt-free building blocks for the GUI panel: ``evaluate_split`` (the core's ``segmentation.score_split``, which
the classic peers use too: a job: ctx, dataset, segmenter or logits function; the images go through the core's
``iter_segment``), ``box_result``,
``roc_figure`` / ``export_roc``, and ``detection_view`` (an RGB picture with correct detections,
misses and false alarms in different colours: the core's ``segment_views``, which the classic peers draw too).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

# box scoring lives in the core (the classic peers use it too); its names are kept here for callers of this module
# (``__all__``)
from workbench.core.evaluation.irst_boxes import (BOX_CONVENTION, LogitsSegmenter, check_box_views, evaluate_boxes,
                                                  is_box_dataset, match_boxes)
from workbench.core.evaluation.segmentation import (EvalResult, ImageResult, SegmentationMetrics, SegmentationReport,
                                                    SplitFrames, match_targets, score_split, zero_note)
from workbench.core.jobs import JobContext
from workbench_lw_irstnet.config import MAX_INPUT_SIZE, MIN_INPUT_SIZE  # (the setting's one rule)
from workbench.core.methods import SegOutput
# an analyst's own images (no masks, no labels) go the core's way, the peers' too; the names this module had for
# its pieces are kept for its callers
from workbench.core.segment_plain import KeptOnStop as _KeptOnStop
from workbench.core.segment_plain import (check_views_folder, dataset_must_exist, input_folders, is_plain_images,
                                          labelled_set_of, open_plain, plain_split, segment_plain)
from workbench.core.segment_plain import keep_views as _keep_views

# the pictures (the paper's Fig. 5 colours: red = correct detection, green = missed target, blue = false alarm)
# are the core's, which the classic peers' segment draws too; the names this module had for them are kept
from workbench.core.segment_views import (BOX_VIEWS_KEY, CORRECT, FALSE_ALARM, MISSED, VIEWS_KEY, box_detection_view,
                                          detection_view)


# the curves' figures and tables are the core's (the classic peers' segment writes them too); names kept
from workbench.core.evaluation.irst_curves import (PDFA_NOTE, PROBABILITY, ROC_NOTE, curve_tables, export_box_pd_fa,
                                                   export_roc, pd_fa_figure, pd_fa_json, pd_fa_table, plot_outputs,
                                                   roc_figure)

# this module's own names and those it keeps for its callers (the window's panel, the plugin's tests, third
# parties), which now live in the core: kept importable from here
__all__ = [
    "main", "parser", "evaluate_split", "box_result", "keep_views",
    "BOX_CONVENTION", "LogitsSegmenter", "evaluate_boxes", "is_box_dataset", "match_boxes",
    "EvalResult", "ImageResult", "SegmentationMetrics", "SegmentationReport", "SplitFrames", "match_targets",
    "score_split",
    "check_views_folder", "dataset_must_exist", "input_folders", "is_plain_images", "labelled_set_of", "open_plain",
    "plain_split", "segment_plain",
    "BOX_VIEWS_KEY", "CORRECT", "FALSE_ALARM", "MISSED", "VIEWS_KEY", "box_detection_view", "detection_view",
    "PDFA_NOTE", "ROC_NOTE", "curve_tables", "export_box_pd_fa", "export_roc", "pd_fa_figure", "pd_fa_table",
    "roc_figure",
]


# mask-labelled sets are scored by the core's one scorer (the classic peers use it too); the names this module
# had for it are kept for its callers
evaluate_split = score_split



def box_result(res: dict) -> EvalResult:
    """``evaluate_boxes``' figures as an ``EvalResult`` (the window's evaluation shows either): the mask
    metrics (mIoU, nIoU, F1, precision, recall, pixel ROC and its AUC) are NaN / empty, boxes give none."""
    nan = float("nan")
    c = res["pd_fa"]
    rep = SegmentationReport(miou=nan, niou=nan, precision=nan, recall=nan, f1=nan, pd=res["pd"], fa=res["fa"],
                             auc=nan, images=res["images"], targets=res["targets"], roc_fpr=np.zeros(0),
                             roc_tpr=np.zeros(0), roc_thresholds=np.zeros(0),
                             pdfa_thresholds=np.asarray(c["thresholds"]), pdfa_pd=np.asarray(c["pd"]),
                             pdfa_fa=np.asarray(c["fa"]), zero_of_none=dict(res.get("zero_of_none") or {}))
    rows = [ImageResult(r["name"], nan, r["targets"], r["matched"], r["false_pixels"], r["seconds"])
            for r in res["per_image"]]
    return EvalResult(rep, rows, list(res["warnings"]))


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="workbench segment --model lw_irstnet", description=__doc__.split("\n\n")[1])
    ap.add_argument("--dataset", required=True, help="SIRST-style root (images/, masks/, splits/); images with YOLO "
                                                      "labels (scored by boxes); or images, frames or a video "
                                                      "without either (segmented, not scored)")
    ap.add_argument("--split", default=None, help="split file (name in splits/ or a path); default: all images")
    ap.add_argument("--weights", default=None, help="weights (default: the shipped ones)")
    ap.add_argument("--json", default=None, help="write the numbers here")
    ap.add_argument("--plots", default=None, help="folder for the pixel ROC (roc.png / .svg / .pdf, roc.csv) and the "
                                                  "target-level Pd-Fa curve (pd_fa.*, pd_fa.csv)")
    ap.add_argument("--views", default=None, help="folder for per-image detection pictures (PNG)")
    ap.add_argument("--out", default=None, help="results folder: masks go to OUT/<dataset>/lw_irstnet/<variant>/"
                                                "<split>/<image>.png beside a manifest.json")
    ap.add_argument("--invert", action="store_true", help="black-hot data: invert grey levels")
    ap.add_argument("--input-size", type=int, default=0,
                    help=f"0: native size; else resize to a square of this side, {MIN_INPUT_SIZE} ... {MAX_INPUT_SIZE} px")
    ap.add_argument("--tta", default=None, choices=("none", "flip", "flip4"),
                    help="test-time flips (default: the plugin's setting, flip)")
    ap.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    ap.add_argument("--batch", type=int, default=0,
                    help="images per network call (0: 32 on CUDA, 1 on the CPU); same numbers either way")
    ap.add_argument("--fa-rule", default="components", choices=("components", "areas"),
                    help="mask sets: Fa as BasicIRSTD counts it now (components: every predicted component that "
                         "matches no target; the default) or as DNANet and BasicIRSTD's earlier code did (areas: an "
                         "unmatched component whose area equals a matched one's is not counted, a lower Fa)")
    ap.add_argument("--dnanet-roc", type=int, default=0, metavar="BINS",
                    help="mask sets: DNANet's ROCMetric too (sigmoid > k / BINS; DNANet uses 10), in the JSON as "
                         "roc_dnanet (0: off)")
    from workbench.core.csvtable import add_bom_arg
    from workbench.core.options import add_force_arg

    add_bom_arg(ap)  # the CSVs of --plots
    add_force_arg(ap, "the --json file, the curves in --plots and the pictures in --views")
    return ap


def main(argv: list[str]) -> int:
    from workbench.core.csvtable import check_bom_given
    from workbench.core.results import no_empty_outputs
    from workbench.core.segment_command import PLOTS_CSV

    args = parser().parse_args(argv)
    check_bom_given(args.csv_bom, "--plots", args.plots, PLOTS_CSV, "FOLDER")  # before anything is made
    # the output folders are made before the options, the weights and the split are checked: a refusal there left
    # them behind empty (what a stopped run wrote into them stays)
    with no_empty_outputs(args.out, args.views, args.plots):
        return _main(args)


def _main(args) -> int:
    import torch

    from workbench.core.data.images import write_image
    from workbench.core.data.sirst import open_sirst
    from workbench.core.device import resolve_device
    from workbench.core.evaluation.complexity import measure
    from workbench.core.evaluation.plots import render_table
    from workbench.core.jobs import TextProgress
    from workbench.core.results import file_sha256, now_iso, update_manifest, write_json, write_mask
    from workbench.core.runs import run_info
    from workbench_lw_irstnet import PLUGIN, LWIRSTNetConfig, default_weights
    from workbench_lw_irstnet.segmenter import LWIRSTNetSegmenter, load_model

    from workbench.core.results import check_outputs

    check_views_folder(args.dataset, args.views, args.plots)
    check_box_views(args.dataset, args.views, args.plots)  # a sequence's own folder (ITSDT-15K, Anti-UAV)
    check_outputs({"--out": args.out, "--views": args.views, "--plots": args.plots}, {"--json": args.json})
    from workbench.core.options import at_least, between, check_options, keep_existing

    outputs = [("--json", args.json)]
    if args.plots:  # the curves export_roc writes
        outputs += plot_outputs(args.plots)
    keep_existing(outputs, args.force)
    from workbench.core.segment_command import refuse_inputs

    refuse_inputs(outputs, args.dataset, args.split, args.weights, input_folders(args.dataset))

    # --threads -1 was torch's RuntimeError traceback
    from workbench_lw_irstnet.train import threads_bound

    check_options((("--threads", args.threads, at_least(0, "0: torch's default")),
                   ("--threads", args.threads, threads_bound()),
                   ("--batch", args.batch, at_least(0, "0: 32 on CUDA, else 1")),
                   # --dnanet-roc 100000000 ran for hours (a threshold pass over every image per bin)
                   ("--dnanet-roc", args.dnanet_roc, between(0, 1000, note="0: off; DNANet uses 10"))))
    weights = args.weights or default_weights()
    cfg = LWIRSTNetConfig(weights=weights, input_size=args.input_size, invert=args.invert)
    if args.tta:
        cfg.tta = args.tta
    from workbench.core.registry import check_config

    # --input-size 3 / -8 / 5000: refused as the option typed by the setting's own rule (config.input_size_problem),
    # before the weights are read
    check_config(cfg, "lw_irstnet", flags={"weights": "--weights", "input_size": "--input-size",
                                           "invert": "--invert", "tta": "--tta"})
    # after the options are checked (said first, as every verb does), before the weights are read
    dataset_must_exist(args.dataset)  # was "not a SIRST-style dataset: no images/ folder", as if it were there
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    model = load_model(weights, device)
    seg = LWIRSTNetSegmenter(cfg, device, model=model)
    if is_box_dataset(args.dataset):
        return _main_boxes(args, seg, weights, cfg, device)
    if is_plain_images(args.dataset):
        return _main_plain(args, seg, cfg, device, weights)
    ds = open_sirst(args.dataset, args.split, invert=args.invert)
    keep_views(args, ds.names)
    seg.logits(ds.image(0))  # warm-up: the first call pays for kernel selection
    frames = SplitFrames(ds)
    info = run_info(PLUGIN, cfg, device, dataset_root=args.dataset) if args.out else None
    mask_dir = info.folder(args.out) / frames.name if info else None

    started = now_iso()
    kept = _KeptOnStop(info, args.out, frames.name, mask_dir, len(ds), device, started)

    def each(i: int, o: SegOutput) -> None:
        if mask_dir is not None:
            write_mask(mask_dir / f"{ds.names[i]}.png", o.mask)
            kept.done += 1
        if args.views:
            img = ds.image(i)
            write_image(Path(args.views) / f"{ds.names[i]}.png", detection_view(img, o.mask, ds.mask(i, img.shape[:2])))

    batch = args.batch if args.batch > 0 else (32 if str(device).startswith("cuda") else 1)
    with kept:
        res = evaluate_split(JobContext(TextProgress("segment")), ds, seg, on_output=each, batch=batch,
                             fa_rule=args.fa_rule, dnanet_bins=args.dnanet_roc or None)
    cx = measure(model, (1, 3, 256, 256), "thop", device)
    r = res.report
    out = {**r.as_dict(), "params": cx.params, "flops": cx.ops, "fps": res.fps,
           "flops_convention": "thop (conv MACs + BN 4/elem + PReLU 1/elem) at 1x3x256x256",
           "tta": cfg.tta,
           "fps_note": f"torch eager forward incl. pre/post-processing, native size, batch {batch}, tta {cfg.tta}, {device}, "
                       f"{torch.get_num_threads()} threads",
           "fa_note": "fa = unmatched predicted pixels / all pixels; fa_e6 = fa x 1e6",
           "fa_rule": args.fa_rule,
           "dataset": str(Path(args.dataset).resolve()), "split": str(ds.split) if ds.split else None,
           "weights": str(Path(weights).resolve()), "weights_sha256": file_sha256(weights),
           "warnings": res.warnings,
           "pd_fa": r.as_dict(curves=True)["pd_fa"],
           **({"roc_dnanet": r.as_dict(curves=True)["roc_dnanet"]} if r.dnanet_roc is not None else {}),
           "per_image": [{"name": i.name, "iou": i.iou, "targets": i.targets, "matched": i.matched,
                          "false_pixels": i.false_pixels} for i in res.images]}
    head = ["metric", "value"]
    rows = [[k, f"{out[k]:.4f}"] for k in ("miou", "niou", "f1", "precision", "recall", "pd", "auc")]
    rows += [["fa (x1e-6)" if args.fa_rule == "components" else "fa (x1e-6, areas rule)", f"{r.fa_e6:.2f}"], ["params", f"{cx.params}"], ["flops (M, thop)", f"{cx.ops / 1e6:.2f}"],
             ["fps (torch)", f"{res.fps:.1f}"], ["images", f"{r.images}"], ["targets", f"{r.targets}"]]
    print(render_table(head, rows, left=1))
    if zero_note(r):  # a 0 of nothing (no prediction: precision) said, not read as measured
        print(zero_note(r))
    for w in res.warnings:
        print(f"warning: {w}")
    if args.json:  # the curve's thresholds as pd_fa.csv gives them (logit column too), as the core's segment
        write_json(args.json, {**out, "pd_fa": pd_fa_json(out["pd_fa"], PROBABILITY)})
        print(f"wrote {args.json}")
    if args.plots:
        for p in export_roc(r, args.plots, bom=args.csv_bom):
            print(f"wrote {p}")
    if args.views:
        print(f"wrote {len(ds)} detection views to {args.views} ({VIEWS_KEY})")
    if info is not None:
        update_manifest(info.folder(args.out), info.manifest(), frames.name, {
            "frames": len(ds), "completed": True, "device": device, "fps": res.fps, "started": started,
            "finished": now_iso(), "split": str(ds.split) if ds.split else None, "masks": str(mask_dir)})
        print(f"wrote {len(ds)} masks to {mask_dir}")
    return 0


def keep_views(args, names) -> None:
    """``core.segment_plain.keep_views`` with the command's arguments: ``--views`` pictures already there are kept
    unless ``--force``."""
    _keep_views(args.views, names, args.force)


def _main_plain(args, seg, cfg, device, weights) -> int:
    """``segment`` on images without masks: the core's path and pictures (the peers' too); they were drawn as
    ``detection_view`` against an empty truth, every find in the false-alarm blue."""
    from workbench.core.results import file_sha256
    from workbench_lw_irstnet import PLUGIN

    batch = args.batch if args.batch > 0 else (32 if str(device).startswith("cuda") else 1)
    return segment_plain(seg, args.dataset, plugin=PLUGIN, cfg=cfg, device=device, split=args.split, out=args.out,
                         views=args.views, json_path=args.json, force=args.force, batch=batch,
                         fps_label="fps (torch)", extra={"tta": cfg.tta, "weights": str(Path(weights).resolve()),
                                                         "weights_sha256": file_sha256(weights)})


def _main_boxes(args, seg, weights, cfg, device) -> int:
    """``segment`` on a box-labelled set (images/ + YOLO labels/): Pd / Fa, with ``--split``, ``--views``
    (``box_detection_view`` pictures) and ``--out`` (the scored masks) as for mask sets."""
    from workbench.core.data.images import write_image
    from workbench.core.evaluation.irst_boxes import BoxSet
    from workbench.core.evaluation.plots import render_table
    from workbench.core.jobs import TextProgress
    from workbench.core.results import file_sha256, now_iso, update_manifest, write_json, write_mask
    from workbench.core.runs import run_info
    from workbench_lw_irstnet import PLUGIN

    bs = BoxSet(args.dataset, args.split)
    keep_views(args, bs.names)
    name = Path(bs.split).stem if bs.split is not None else "all"
    info = run_info(PLUGIN, cfg, device, dataset_root=args.dataset) if args.out else None
    mask_dir = info.folder(args.out) / name if info else None

    started = now_iso()
    kept = _KeptOnStop(info, args.out, name, mask_dir, len(bs), device, started)

    def each(i: int, pred: np.ndarray, boxes: np.ndarray) -> None:
        if mask_dir is not None:
            write_mask(mask_dir / f"{bs.names[i]}.png", pred)
            kept.done += 1
        if args.views:
            write_image(Path(args.views) / f"{bs.names[i]}.png", box_detection_view(bs.image(i), pred, boxes))

    with kept:
        res = evaluate_boxes(JobContext(TextProgress("segment")), bs, seg, on_image=each)
    res.update({"dataset": str(Path(args.dataset).resolve()), "weights": str(Path(weights).resolve()),
                "weights_sha256": file_sha256(weights)})
    print(render_table(["metric", "value"], [["pd", f"{res['pd']:.4f}"], ["fa (x1e-6)", f"{res['fa_e6']:.2f}"],
                                             ["miou / niou", "n/a (boxes only)"], ["images", str(res["images"])],
                                             ["targets", str(res["targets"])]], left=1))
    if zero_note(res):  # Pd of no box said, as the mask table's 0 / 0 scores
        print(zero_note(res))
    print(res["convention"])  # BOX_CONVENTION, after how a sequence layout's labels were read as boxes
    for w in res["warnings"]:
        print(f"warning: {w}")
    if args.json:  # the curve's thresholds as pd_fa.csv gives them, as the core's segment
        write_json(args.json, {**res, "pd_fa": pd_fa_json(res["pd_fa"], PROBABILITY)})
        print(f"wrote {args.json}")
    if args.plots:  # boxes give no pixel ROC (no masks): the Pd-Fa curve alone
        for f in export_box_pd_fa(res, args.plots, bom=args.csv_bom):
            print(f"wrote {f}")
    if args.views:
        print(f"wrote {len(bs)} detection views to {args.views} ({BOX_VIEWS_KEY})")
    if info is not None:
        update_manifest(info.folder(args.out), info.manifest(), name, {
            "frames": len(bs), "completed": True, "device": device, "fps": res["fps"], "started": started,
            "finished": now_iso(), "split": str(bs.split) if bs.split else None, "masks": str(mask_dir)})
        print(f"wrote {len(bs)} masks to {mask_dir}")
    return 0
