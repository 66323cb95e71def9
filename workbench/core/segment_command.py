"""``workbench segment NAME --dataset ROOT``: any segmenter scored on a labelled image set.

Every segmenter plugin gets this verb (``Plugin`` adds it where the plugin declares no ``segment`` command of its
own): a SIRST-style set (``images/`` + ``masks/``) gets every metric of ``evaluation.segmentation`` (mIoU, nIoU,
Pd, Fa, ...), a box-labelled one (``images/`` + YOLO ``labels/``) Pd / Fa. The segmenter is scored on its
``maps["logits"]`` (0 its threshold) where it publishes them, else on the logits of its saliency (0.5 its
threshold), as ``score_split`` scores every method. Images, frames or a video with neither (an analyst's own data)
are segmented and not scored, as LW-IRSTNet's ``segment`` does it (``core.segment_plain``, one path for both):
``--out`` the masks in the core's mask layout, ``--views`` pictures, ``--json`` the targets found per image. On a
labelled set ``--views`` draws what was scored against the truth (``segment_views``), ``--plots`` the pixel ROC and
Pd-Fa curve (``evaluation.irst_curves``, as LW-IRSTNet's segment; the operating point and the CSVs' threshold column
in the segmenter's own units where it says them: its ``operating_point``); ``--out`` is refused there
(``refuse_labelled_out``: what is scored, ``scored_on``, is not the method's own masks) saying what writes them.
"""
from __future__ import annotations

from typing import Callable

from workbench.core import shell
from workbench.core.csvtable import add_bom_arg, check_bom_given
from workbench.core.options import add_force_arg, keep_existing

# what --csv-bom marks on a segmenter's command (here and the LW plugin's evaluate): ``check_bom_given``
PLOTS_CSV = "the CSV files of --plots (roc.csv, pd_fa.csv)"


class _Command:
    """Segmenter ``name``'s ``segment`` command, ``fn(argv) -> int``. ``registry.resolve`` reaches it attribute by
    attribute, splitting the reference on '.', so a plugin named ``acme.seg`` is ``FOR_PLUGIN.acme`` then ``.seg``:
    each further attribute lengthens the name (it was a ``functools.partial``, which has no attribute ``seg``)."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, part: str):
        if part.startswith("__") or part == "name":
            raise AttributeError(part)
        return _Command(f"{self.name}.{part}")

    def __call__(self, argv: list[str]) -> int:
        return segment_main(argv, self.name)

    def __repr__(self) -> str:
        return f"FOR_PLUGIN[{self.name!r}]"


class _ForPlugin:
    """``FOR_PLUGIN.<name>`` is segmenter ``name``'s ``segment`` command, ``fn(argv) -> int``: what a segmenter's
    ``Plugin.commands["segment"]`` names (``"workbench.core.segment_command:FOR_PLUGIN.<name>"``) when it declares
    none of its own, a string like every command (picklable for cluster tasks, nothing imported until run)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Command(name)


FOR_PLUGIN = _ForPlugin()


def refuse_inputs(outputs, dataset, split=None, weights=None, folders=None) -> None:
    """Refuse, ``--force`` or not, an output file (``(flag, path)`` pairs) that is a file the run reads: the
    ``--weights`` file, the ``--split`` file, a video given as ``--dataset``, or a file in one of ``--dataset``'s image, mask or label folders
    (``folders``: their real paths; default ``images/``, ``masks/``, ``labels/`` and the SIRST layouts' pair) that
    the readers take (an image, a mask, a .txt label).
    `segment --split val --json splits/val.txt --force` wrote the scores over the split file; `detect` refuses its
    inputs so already."""
    import os
    from pathlib import Path

    from workbench.core.data.images import IMAGE_SUFFIXES
    from workbench.core.data.sirst import image_mask_dirs, resolve_split
    from workbench.core.options import OptionError
    from workbench.core.segment_plain import split_root

    root = Path(dataset)
    read = {os.path.realpath(weights)} if weights and Path(weights).is_file() else set()
    if root.is_file():  # a video given as --dataset: `--json clip.avi --force` wrote the targets over it
        read.add(os.path.realpath(root))
    try:
        # a video's split is looked up beside it, as plain_split reads it: `--dataset d/clip.avi --split s
        # --json d/splits/s.txt --force` wrote the targets over that split
        split_file = resolve_split(split_root(root), split) if split else None
    except Exception:  # noqa: BLE001 - a split not found is said by the reader, after this check
        split_file = None
    if split_file is not None:
        read.add(os.path.realpath(split_file))
    if folders is None:
        dirs = [root / d for d in ("images", "masks", "labels")] + list(image_mask_dirs(root) or ())
        folders = {os.path.realpath(d) for d in dirs if d.is_dir()}
    for flag, given in outputs:
        if not given or not Path(given).is_file():
            continue
        real = os.path.realpath(given)
        # in those folders, the files the readers take: images, masks, YOLO .txt labels (a scores.json is not read)
        taken = os.path.dirname(real) in folders and Path(real).suffix.lower() in (*IMAGE_SUFFIXES, ".txt")
        if real in read or taken:
            raise OptionError(flag, given, "is a file this run reads (its weights, split, an image, mask or label), "
                                           "not written over, --force or not; give a name outside them")


def scored_on(name: str, scored: Callable | None = None) -> str:
    """What segmenter ``name`` is scored on, in words, as ``_segment_checked`` scores it: its own command's
    ``scored`` (the classic peers' bare ``logits``: every component, before their ``predict``'s size filter), else
    its ``maps["logits"]`` > 0 where it publishes them (``segmentation.scored_logits``, whatever its plugin
    declares), else its saliency > 0.5. Said for certain where its plugin names its maps (a ``logits`` map among
    them, or not); without the ``maps`` capability, or with maps it does not name, both are said: such a segmenter
    publishing ``maps["logits"]`` anyway is scored on them (it was said to be scored on its saliency)."""
    if scored is not None:
        return f"{name}'s logits > 0 (every component, before its predict's size filter)"
    try:
        from workbench.core.registry import default_registry

        maps = default_registry().get(name).declared_maps()
    except Exception:  # noqa: BLE001 - words only: the command itself says what is wrong with the plugin
        maps = None
    if not maps:  # publishes maps it does not name, or declares none (score_split still scores a logits map)
        return f"{name}'s maps[\"logits\"] > 0 where it publishes them, else its saliency > 0.5 (every component)"
    if "logits" in maps:
        return f"{name}'s maps[\"logits\"] > 0 (every component)"
    return f"{name}'s saliency > 0.5 (every component)"


def _frames_folder(dataset):
    """The frames folder (``frames/``, ``img/``) of the (first) box- / point-labelled sequence at ``dataset``, which
    segments unscored as plain images, one sequence at a time; None where its sequences have none (ITSDT-15K's
    ``images/<seq>`` is itself the sequence); a NUDT-MIRSDT root's first ``Sequence<n>/images``. The refusal named
    ``<dataset>/images``, which DAUB has not."""
    from pathlib import Path

    from workbench.core.data.irseq import FRAME_DIRS
    from workbench.core.data.sirst import mirsdt_sequences
    from workbench.core.evaluation.irst_boxes import box_sequences

    for seq in box_sequences(dataset):
        if seq.is_dir():
            got = next((Path(seq) / f for f in FRAME_DIRS if (Path(seq) / f).is_dir()), None)
            if got is not None:
                return got
    # a NUDT-MIRSDT root (mask-scored): a sequence's images/
    return next((p / "images" for p in mirsdt_sequences(dataset) if (p / "images").is_dir()), None)


def _frames_to_copy(dataset):
    """(the first box- / point-labelled sequence at ``dataset`` whose frames lie in its own folder beside its
    labels, its frames' suffixes) where ``_frames_folder`` finds no frames folder (ITSDT-15K's ``images/<seq>``, an
    Anti-UAV sequence), or (its video, None) for one kept as a video (Anti-UAV 2020's ``<seq>/IR.mp4``, segmented
    unscored given alone); None where there is none. Those frames segment unscored once copied to a folder of
    their own: the refusal said to copy them, naming no command."""
    from pathlib import Path

    from workbench.core.data.images import list_frames
    from workbench.core.evaluation.irst_boxes import box_sequences

    for seq in box_sequences(dataset):
        if not seq.is_dir():
            continue
        frames, _twice = list_frames(seq)
        if frames:
            return seq, sorted({Path(f).suffix for f in frames})
        from workbench.core.data.antiuav import _video

        video = _video(seq)
        if video is not None:
            return video, None
    return None


def refuse_labelled_out(out, dataset, name: str, scored: Callable | None = None) -> None:
    """``--out`` on a labelled set, refused saying why and what gives the masks: a labelled set is scored on what
    ``scored_on`` says (the classic peers' bare logits > 0; a third party's logits map or saliency), not on the
    masks its ``predict`` gives, which a results folder holds (and the window shows as ``name``'s run); its images
    folder alone is segmented by ``predict``, masks written, nothing scored. (It said "logits > 0" of a segmenter
    scored on its saliency too.)"""
    from pathlib import Path

    from workbench.core.data.sirst import image_mask_dirs
    from workbench.core.options import OptionError
    from workbench.core.results import safe_name

    pair = image_mask_dirs(dataset)
    images = pair[0] if pair is not None else Path(dataset) / "images"
    several = False
    if pair is None:  # a box- / point-labelled sequence (DAUB, labels.csv, ITSDT-15K, Anti-UAV): no images/ folder
        images = _frames_folder(dataset)
        several = images is not None and Path(images).parent != Path(dataset)
        if images is None:
            # frames beside their labels (ITSDT-15K, Anti-UAV): the command that copies a sequence's frames to a
            # folder of their own, which segments unscored (or its video, given alone)
            from workbench.core.evaluation.irst_boxes import box_sequences

            got = _frames_to_copy(dataset)
            one = "one sequence at a time, e.g. " if len(box_sequences(dataset)) > 1 else ""
            if got is not None and got[1] is None:
                how = (f"{one}workbench segment --model {name} --dataset {shell.quote(str(got[0]))} --out "
                       f"{shell.quote(str(out))} segments its video (not scored)")
            elif got is not None:
                copy = f"{Path(got[0]).name}_frames"
                segment = (f"workbench segment --model {name} --dataset {shell.quote(copy)} --out "
                           f"{shell.quote(str(out))}")
                if shell.WINDOWS:  # cmd.exe has no cp and expands no globs, PowerShell 5.1 no &&: steps in words
                    files = " and ".join(str(Path(got[0]) / f"*{suf}") for suf in got[1])
                    how = (f"{one}copy its frames ({files}) into a new folder {shell.quote(copy)}, then "
                           f"{segment} segments that copy (not scored: their labels are not copied)")
                else:  # -p: the same command again, once the folder is there, still copies
                    globs = " ".join(f"{shell.quote(str(got[0]))}/*{suf}" for suf in got[1])
                    how = (f"{one}mkdir -p {shell.quote(copy)} && cp {globs} {shell.quote(copy)}/ && {segment} "
                           f"segments a copy of its frames (not scored: their labels are not copied)")
            else:
                how = "copy a sequence's frames to a folder and give that as --dataset with --out"
            raise OptionError("--out", out, f"not written for a labelled set: {dataset} is scored on "
                                            f"{scored_on(name, scored)}, not on the masks {name}'s own runs give; "
                                            "its frames lie beside their labels, with no folder of their own to "
                                            f"segment unscored (--views draws what was scored): {how}")
    differ = "are not" if scored is not None else "need not be"
    # named after the set, as segment_plain names its images folder's run (and LW-IRSTNet's --out the set's)
    set_name = Path(dataset).absolute().name  # as run_dir names the folder ('IRDST mini' -> IRDST_mini)
    where = (f"to {Path(out) / (safe_name(set_name) if set_name else '<set>') / name / '<variant>' / 'all'} "
             "(--split S: S in place of all), beside other methods' masks of this set") if pair is not None else (
        f"under {out}")
    raise OptionError("--out", out, f"not written for a labelled set: {dataset} is scored on {scored_on(name, scored)}"
                                    f", which {differ} the masks {name}'s own runs give, the masks a results folder "
                                    f"holds. --views draws what was scored; "
                                    f"{'one sequence at a time, e.g. ' if several else ''}"
                                    f"--dataset {shell.quote(str(images))} --out "
                                    f"{shell.quote(str(out))} segments "
                                    f"the same images and writes {name}'s masks (not scored) {where}")


def segment_main(argv: list[str], name: str, scored: Callable | None = None) -> int:
    """``workbench segment --model NAME --dataset ROOT [--split FILE] [--set KEY=VALUE ...] [--json F]``:
    the segmenter on a SIRST-style set (images/ + masks/: every metric) or a box-labelled one (images/ + YOLO
    labels/: Pd / Fa), scored as LW-IRSTNet's ``segment`` scores it.

    The segmenter itself is scored (its ``predict``), unless its own command passes ``scored``: a function of the
    created segmenter giving what to score instead, a segmenter or a bare logits function (the classic peers'
    ``logits``, so their component filtering is not timed)."""
    import argparse

    from workbench.core.evaluation.irst_boxes import check_box_views
    from workbench.core.results import check_outputs, no_empty_outputs
    from workbench.core.segment_plain import (check_views_folder, dataset_must_exist, input_folders, is_plain_images,
                                              mask_set_hint)

    ap = argparse.ArgumentParser(prog=f"workbench segment --model {name}",
                                 description=f"score the {name} segmenter on a mask-labelled set (SIRST-style images/ + masks/, "
                                             "or a mask per frame: IRDST / TSIRMT / MIST) or a box- / point-labelled "
                                             "one (YOLO labels/, ITSDT-15K COCO, Anti-UAV IR_label.json, DAUB / "
                                             "labels.csv sequences); or segment images, frames or a video without "
                                             "labels (not scored: masks, pictures, targets per image)")
    ap.add_argument("--dataset", required=True, help="a labelled root (SIRST-style images/, masks/, splits/; a mask "
                                                      "per frame; YOLO, COCO, Anti-UAV or DAUB labels: scored by "
                                                      "boxes / points, one sequence of those too); or images, frames or a "
                                                      "video without labels (segmented, not scored)")
    ap.add_argument("--split", default=None, help="a split file in splits/ (or a path); for box-labelled sequences also an "
                                                  "Anti-UAV split folder or a COCO split (test, train); default: "
                                                  "every image")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a setting, e.g. k=8")
    ap.add_argument("--json", default=None, help="write the numbers (or, not scored, the targets per image) here")
    ap.add_argument("--out", default=None, help=f"images without labels: results folder, masks go to "
                                                f"OUT/<dataset>/{name}/<variant>/<folder>/<image>.png beside a "
                                                "manifest.json (a labelled set: give its images/ folder to get "
                                                f"the masks, named after the set: OUT/<set>/{name}/<variant>/"
                                                "<split or all>/)")
    ap.add_argument("--views", default=None, help="folder for a picture of each image (PNG): without labels what was "
                                                  f"found; on a labelled set what was scored ({scored_on(name, scored)}) "
                                                  "against the truth, detected red, missed green, false alarm blue")
    ap.add_argument("--plots", default=None, help="labelled sets: folder for the pixel ROC (mask sets: roc.png / .svg / "
                                                  ".pdf, roc.csv) and the target-level Pd-Fa curve (pd_fa.*, "
                                                  "pd_fa.csv)")
    add_bom_arg(ap)  # the CSVs of --plots
    add_force_arg(ap, "the --json file, the curves in --plots and the pictures in --views")
    args = ap.parse_args(argv)
    check_bom_given(args.csv_bom, "--plots", args.plots, PLOTS_CSV, "FOLDER")
    check_views_folder(args.dataset, args.views, args.plots)
    check_box_views(args.dataset, args.views, args.plots)  # a sequence's own folder (ITSDT-15K, Anti-UAV, DAUB)
    outputs = [("--json", args.json)]
    if args.plots:  # the curves export_roc / export_box_pd_fa write
        from workbench.core.evaluation.irst_curves import plot_outputs

        outputs += plot_outputs(args.plots)
    keep_existing(outputs, args.force)
    refuse_inputs(outputs, args.dataset, args.split, folders=input_folders(args.dataset))
    dataset_must_exist(args.dataset)  # was "not a SIRST-style dataset: no images/ folder", as if it were there
    plain = is_plain_images(args.dataset)
    if not plain and args.out:
        refuse_labelled_out(args.out, args.dataset, name, scored)
    if plain and args.plots:
        from workbench.core.options import OptionError

        hint = mask_set_hint(args.dataset)  # one sequence's folder of a mask-per-frame set: how to score it
        raise OptionError("--plots", args.plots, f"curves of a scored run; {args.dataset} has no masks or labels to "
                                                 "score against (" + (hint or "give a set with images/ + masks/ or "
                                                                               "YOLO labels/") + ")")
    # a refusal after the folders are made (the split, a segmenter not ready) left --out / --views there empty
    with no_empty_outputs(args.out, args.views, args.plots):
        check_outputs({"--out": args.out, "--views": args.views, "--plots": args.plots}, {"--json": args.json})
        return _segment_checked(args, name, scored, plain)


def _segment_checked(args, name: str, scored: Callable | None, plain: bool) -> int:
    """``segment_main`` once its arguments and outputs are checked: the segmenter made and run (``plain``: images
    without labels, segmented; else scored)."""
    import json
    from dataclasses import asdict

    from workbench.core.data.sirst import open_sirst
    from workbench.core.evaluation.irst_boxes import evaluate_boxes, is_box_dataset
    from workbench.core.evaluation.plots import render_table
    from workbench.core.evaluation.segmentation import score_split, scored_logits, zero_note
    from workbench.core.registry import default_registry, parse_settings
    from workbench.core.results import write_json
    from workbench.core.segment_plain import keep_views

    plugin = default_registry().get(name)
    cfg = plugin.make_config(parse_settings(args.set))
    why = plugin.why_not_ready(cfg)
    if why:
        from workbench.core.errors import PluginError

        raise PluginError(f"{name}: {why}")
    seg = plugin.create(cfg, "cpu")
    settings = json.loads(json.dumps(asdict(cfg))) if cfg is not None else {}  # a segmenter may take no settings
    if plain:  # nothing to score: the segmenter's own predict, as LW-IRSTNet's segment goes
        from workbench.core.segment_plain import segment_plain

        return segment_plain(seg, args.dataset, plugin=plugin, cfg=cfg, split=args.split, out=args.out,
                             views=args.views, json_path=args.json, force=args.force,
                             extra={"method": name, "settings": settings})
    # the segmenter itself, scored on its maps["logits"] or its saliency, unless its own command said otherwise (a
    # third party's `logits` attribute, whatever it takes, is its own business)
    method = scored(seg) if scored is not None else seg
    drawn = 0  # pictures written (--views): what was scored (``scored_on``) against the truth

    def picture(name_i: str, view) -> None:
        nonlocal drawn
        from pathlib import Path

        from workbench.core.data.images import write_image

        write_image(Path(args.views) / f"{name_i}.png", view)
        drawn += 1

    scored_masks = not is_box_dataset(args.dataset)
    if not scored_masks:
        from workbench.core.evaluation.irst_boxes import BoxSet
        from workbench.core.segment_views import BOX_VIEWS_KEY as key
        from workbench.core.segment_views import box_detection_view

        bs = BoxSet(args.dataset, args.split)
        if args.views:
            keep_views(args.views, bs.names, args.force)

        def each_box(i, pred, boxes) -> None:
            picture(bs.names[i], box_detection_view(bs.image(i), pred, boxes))

        res = evaluate_boxes(None, bs, method, on_image=each_box if args.views else None)
        print(render_table(["metric", "value"], [["pd", f"{res['pd']:.4f}"], ["fa (x1e-6)", f"{res['fa_e6']:.2f}"],
                                                 ["images", str(res["images"])], ["targets", str(res["targets"])]],
                           left=1))
        if zero_note(res):  # Pd of no box said, as the mask table's 0 / 0 scores
            print(zero_note(res))
        print(res["convention"])  # BOX_CONVENTION, after how a sequence layout's labels were read as boxes
        out = {**res, "method": name, "settings": settings, "dataset": str(args.dataset)}
    else:
        from workbench.core.segment_views import VIEWS_KEY as key
        from workbench.core.segment_views import detection_view

        ds = open_sirst(args.dataset, args.split)
        if args.views:
            keep_views(args.views, ds.names, args.force)

        def each(i, o) -> None:  # the mask scored, by score_split's rule (scored_logits > 0; not o.mask)
            pred = scored_logits(o) > 0
            img = ds.image(i)
            picture(ds.names[i], detection_view(img, pred, ds.mask(i, img.shape[:2])))

        # the scorer of LW-IRSTNet's segment too
        res = score_split(None, ds, method, warm_up=True, on_output=each if args.views else None)
        r, fps = res.report, res.fps
        rows = [[k, f"{getattr(r, k):.4f}"] for k in ("miou", "niou", "f1", "precision", "recall", "pd", "auc")]
        rows += [["fa (x1e-6)", f"{r.fa_e6:.2f}"], ["fps", f"{fps:.1f}" if fps == fps else "-"],
                 ["images", str(r.images)], ["targets", str(r.targets)]]
        print(render_table(["metric", "value"], rows, left=1))
        if zero_note(r):  # a 0 of nothing (no prediction: precision) said, not read as measured
            print(zero_note(r))
        out = {**r.as_dict(), "pd_fa": r.as_dict(curves=True)["pd_fa"], "method": name, "settings": settings,
               "fps": fps if fps == fps else None, "dataset": str(args.dataset), "split": args.split,
               "warnings": res.warnings}
    if args.views:
        out.update({"views": str(args.views), "views_key": key})
    for w in out.get("warnings", []):
        print(f"warning: {w}")
    from workbench.core.evaluation.irst_curves import PROBABILITY, pd_fa_json

    op = getattr(seg, "operating_point", None) or PROBABILITY  # what logit 0 is, in the method's own units
    if args.json:  # the curve's thresholds in the method's units too (k for the peers), as the CSVs and figures
        write_json(args.json, {**out, "pd_fa": pd_fa_json(out["pd_fa"], op)} if "pd_fa" in out else out)
        print(f"wrote {args.json}")
    if args.plots:
        from workbench.core.evaluation.irst_curves import export_box_pd_fa, export_roc

        label = getattr(plugin, "title", None) or name
        for f in (export_roc(r, args.plots, label=label, op=op, bom=args.csv_bom) if scored_masks else
                  export_box_pd_fa(res, args.plots, label, op=op, bom=args.csv_bom)):
            print(f"wrote {f}")
    if args.views:
        print(f"wrote {drawn} detection views to {args.views} ({key}; what was scored: {scored_on(name, scored)})")
    return 0
