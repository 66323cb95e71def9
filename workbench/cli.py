"""``workbench``: the window with no arguments; batch runs, evaluation and benchmarks without one.

    workbench                      open the desktop application
    workbench --demo [--screenshot FILE]
    workbench PATH                 open a sequence or dataset in the window
    workbench demo [--out DIR]     headless: demo sequence, baselines, plots and a table
    workbench run --tracker NAME[,NAME...] (--sequence PATH | --dataset ROOT) [--init x,y,w,h] --out DIR
                   [--protocol ope|vot] [--backend local|dask [--address tcp://HOST:8786] [--workers N]]
                   [--save-maps [NAMES]]
    workbench eval DIR [DIR ...] --dataset ROOT [--protocol ope|vot] [--json FILE] [--plots DIR] [--csv FILE] [--force]
    workbench report DIR [DIR ...] --dataset ROOT --out DIR [--force]
                   one HTML page (plots, tables, timelines) + LaTeX table
    workbench export-video --sequence PATH --results DIR [DIR ...] [--trackers a,b] [--map NAME] --out F.mp4 [--fps N]
                   [--cube-colour mean|cie|R,G,B] [--force]
    workbench list [--dataset ROOT]
    workbench bench NAME [--quick] [--json FILE] [--force]
    workbench generate hsi-video|hsi-convert ...
    workbench VERB NAME ...        a verb a plugin contributes (train, prune, search, segment, detect, export...)

User errors (bad files, unknown plugins) print one clear line and exit with status 2. Files a command writes by
name (eval's --json / --csv / --plots, report's pages, export-video's video, bench's --json) are not written over
when already there unless --force is given; the check comes before any work.
"""
from __future__ import annotations

import argparse
import re
import sys
import warnings
from pathlib import Path

from workbench.core.csvtable import add_bom_arg, check_bom_given
from workbench.core.errors import WorkbenchError, one_line, os_error_line, stop_name
from workbench.core.options import COUNT, Bound, add_force_arg, at_least, between, check_options, keep_existing

SUBCOMMANDS = ("demo", "run", "eval", "report", "export-video", "export-results", "list", "bench", "generate",
               "corpus")
# Any other first word that a loaded plugin declares in Plugin.commands is that plugin's verb:
# `workbench train NAME ...`, `workbench segment --model NAME ...`; the plugin parses the rest of the
# line itself. When the word after the verb is not a plugin and exactly one plugin offers the verb,
# that plugin gets the whole line.

#: the commands whose second word is a command of theirs (``workbench corpus pack``), as ``_main`` dispatches them
#: (``generate``'s: ``hsi_generate.generate_command``, hsi-video the default); ``workbench hsi-convert`` is refused
#: naming its line (``_refuse_mistyped_command``)
NESTED_COMMANDS = {"generate": ("hsi-video", "hsi-convert"), "corpus": ("pack",)}


def plugin_commands() -> dict[str, list[str]]:
    """The verbs the installed plugins contribute -> the plugins offering each."""
    from workbench.core.registry import default_registry

    return default_registry().commands()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workbench", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="IR / UAV / hyperspectral tracking and IR small-target segmentation workbench.",
        epilog="the window (without a command):\n"
               "  workbench                        open the window\n"
               "  workbench PATH                   ... with a sequence folder, video, ENVI .hdr / HDF5 cube\n"
               "                                   or dataset root\n"
               "  workbench --demo                 ... with the generated demo sequence\n"
               "  workbench PATH|--demo --screenshot F.png\n"
               "                                   load, track with the default tracker, save the window, exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    d = sub.add_parser("demo", help="headless demo: make the demo sequence, run the baselines, plot and score")
    d.add_argument("--out", default="workbench-demo", help="output folder (default: ./workbench-demo)")
    d.add_argument("--frames", type=int, default=150, help="demo length in frames (default 150)")
    d.add_argument("--trackers", default=None,
                   help="comma-separated tracker plugins (default: every built-in baseline that loads)")
    add_force_arg(d, "the demo's files in a --out folder that also holds other files (those are left as they are; "
                     "an earlier demo alone is written over without --force)")
    add_bom_arg(d)  # its scores.csv

    r = sub.add_parser("run", help="run trackers over a sequence or a whole dataset, here or on a Dask cluster")
    r.add_argument("--tracker", required=True, action="append",
                   help="tracker plugin name(s) (see `workbench list`): a comma list and/or repeated")
    src = r.add_mutually_exclusive_group(required=True)
    src.add_argument("--sequence", help="one sequence: a folder, a video file or a cube")
    src.add_argument("--dataset", help="a dataset root: every sequence in it")
    r.add_argument("--init", help="initial box x,y,w,h (0-based pixels; default: the groundtruth)")
    r.add_argument("--protocol", default="ope", choices=("ope", "vot", "tre", "sre"),
                   help="ope: one pass from the first box (default); vot: VOT's supervised protocol, re-initialised "
                        "on the groundtruth 5 frames after each failure (zero overlap), VOT trajectory files in "
                        "<run folder>/baseline/<seq>/<seq>_001.txt; tre / sre: OTB's temporal / spatial robustness "
                        "(--segments starts spread over the sequence / 12 shifted and scaled first boxes), one file a "
                        "run in <run folder>/<tre|sre>/<seq>/<seq>_NNN.txt")
    r.add_argument("--segments", type=int, help="TRE: starts per sequence (default 20, OTB's)")
    r.add_argument("--start", type=int, default=0, help="frame to start from (default 0)")
    r.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="tracker setting (repeatable); with several trackers TRACKER.KEY=VALUE sets one of them")
    r.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"),
                   help="where the torch trackers compute: auto (a CUDA GPU when torch sees one, else the CPU; "
                        "default), cpu, or cuda (refused without a GPU); a tracker with no GPU path runs on the CPU")
    r.add_argument("--name", help="results folder name (default: the tracker name; one tracker only)")
    r.add_argument("--out", required=True, help="results folder: boxes go to OUT/<dataset>/<tracker>/<variant>/"
                                                "<sequence>.txt beside a manifest.json (variant: 'default' or the "
                                                "changed settings)")
    r.add_argument("--backend", default="local", choices=("local", "dask"),
                   help="local: one task after another here (default); dask: one task per (tracker, sequence) "
                        "on a Dask cluster (a loopback LocalCluster unless --address is given)")
    r.add_argument("--address", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --backend dask)")
    r.add_argument("--workers", type=int, help="worker processes of the loopback cluster (default: CPUs, at most 4)")
    r.add_argument("--save-maps", nargs="?", const="", default=None, metavar="NAMES",
                   help="also save the maps the tracker publishes (e.g. response; a comma list, or every map when "
                        "no names are given) to <sequence>_maps.npz beside the boxes (float16, compressed; its size "
                        "is printed), for `workbench export-video --map` and the window; one-pass runs (local or on a "
                        "Dask cluster); default off")

    e = sub.add_parser("eval", help="score result files against a dataset's groundtruth (one-pass)")
    e.add_argument("results", nargs="*", help="results folder(s) holding <dataset>/<tracker>/<variant>/<sequence>.txt "
                                              "(ours), <tracker>/<parameter>/<sequence>.txt (pytracking), "
                                              "<tracker>/<sequence>.txt (pysot-toolkit) or <tracker>/<seq>/<seq>_001.txt "
                                              "(GOT-10k toolkit); several are tabled side by side")
    e.add_argument("--results", dest="more_results", action="append", default=[], metavar="DIR",
                   help="another results folder (repeatable)")
    e.add_argument("--protocol", default="ope", choices=("ope", "vot", "tre", "sre", "got10k"),
                   help="ope: success / precision (default); vot: accuracy, robustness and EAO of "
                        "`workbench run --protocol vot` trajectories (<dataset>/<tracker>/<variant>/baseline/<seq>/<seq>_001.txt, "
                        "or a VOT toolkit's <tracker>/baseline/<seq>/<seq>_001.txt); "
                        "tre / sre: success / precision of `workbench run --protocol tre|sre` runs, each sequence's "
                        "runs pooled (OTB); got10k: AO, SR0.5, SR0.75 of one-pass results as the GOT-10k toolkit "
                        "computes them (visible frames after the first, boxes clipped to the image, frames pooled over "
                        "sequences and over every repetition <seq>_001.txt, _002 ...; speed from <seq>_time.txt)")
    e.add_argument("--eao-range", metavar="LOW,HIGH",
                   help="with --protocol vot: sequence lengths the EAO score averages over (default 100,356: the "
                        "VOT2017 stack)")
    _results_convention_arg(e)
    e.add_argument("--dataset", required=True, help="dataset root or one sequence with groundtruth")
    e.add_argument("--json", help="write scores as JSON: tracker -> sequence -> scores, plus _all")
    e.add_argument("--csv", help="write scores as CSV")
    add_bom_arg(e)
    e.add_argument("--plots", help="write success / precision plots (PNG, SVG, PDF) into this folder")
    e.add_argument("--trackers", help="comma-separated subset of trackers")
    e.add_argument("--per-sequence", action="store_true", help="print a row per sequence too")
    e.add_argument("--attributes", action="store_true", help="print success AUC per attribute too")
    e.add_argument("--pooled", action="store_true", help="pool frames over sequences instead of averaging")
    _absent_arg(e)
    _rgbt_arg(e)
    add_force_arg(e, "--json, --csv and --plots files")

    rp = sub.add_parser("report", help="one self-contained HTML report (plots, per-sequence / per-attribute tables, "
                                       "per-frame IoU timelines) and a LaTeX table of result folders")
    rp.add_argument("results", nargs="+", help="results folder(s), in any layout `workbench eval` reads")
    rp.add_argument("--dataset", required=True, help="dataset root or one sequence with groundtruth")
    rp.add_argument("--out", required=True, help="folder for report.html and report.tex")
    rp.add_argument("--trackers", help="comma-separated subset of trackers")
    rp.add_argument("--title", default="", help="title of the page (default: the dataset's folder name)")
    _absent_arg(rp)
    _rgbt_arg(rp)
    _results_convention_arg(rp)
    add_force_arg(rp, "report.html and report.tex in --out")

    ev = sub.add_parser("export-video", help="a sequence with its result boxes (and a map) as an MP4")
    ev.add_argument("--sequence", required=True, help="the sequence: a folder, a video file or a cube")
    ev.add_argument("--results", required=True, nargs="+", action="extend", metavar="DIR",
                    help="results folder(s) holding this sequence's result files (any layout `workbench eval` reads)")
    ev.add_argument("--trackers", help="comma-separated run labels to draw (default: every run of the sequence)")
    ev.add_argument("--map", metavar="NAME",
                    help="blend this map (e.g. response) over the frames. One tracker: its map over the video of its "
                         "boxes. Several trackers: one panel per tracker, side by side (a grid beyond three), each "
                         "with that tracker's box, the groundtruth and that tracker's own map. A tracker's maps are "
                         "the ones saved with its run (`workbench run --save-maps`, or a window run; read a frame at "
                         "a time) when there are some, else it is re-run with its recorded settings to get them (it "
                         "says which); one whose maps cannot be had (none saved and no manifest to re-run it from, "
                         "its method not installed, no such map) is a warning naming it and its file, its panel "
                         "has its boxes only (with one tracker: an error)")
    ev.add_argument("--out", required=True, help="the video file: .mp4 (or .avi; no extension: .mp4 is added); "
                    "written as MJPG .avi when mp4v is unavailable")
    ev.add_argument("--fps", type=float, help="frames per second (default: the sequence's, else 25)")
    ev.add_argument("--no-gt", action="store_true", help="leave the groundtruth out")
    ev.add_argument("--cube-colour", default="mean", metavar="mean|cie|R,G,B",
                    help="a hyperspectral sequence's frames: mean (the band mean in grey, default), cie (colour from "
                         "the wavelengths, CIE 1931, as the Spectrum dock's Show > Colour) or R,G,B (three band "
                         "indices from 0, e.g. 3,6,2)")
    _results_convention_arg(ev)
    add_force_arg(ev, "the video file")

    from workbench.core.toolkits import EXPORT_TOOLKITS, RGBT_EXPORT_TOOLKITS

    er = sub.add_parser("export-results", help="copy result folders into another toolkit's layout and names "
                                               "(GOT-10k, pysot, pytracking, OTB, the RGB-T toolkits), in the frame "
                                               "that toolkit scores")
    er.add_argument("results", nargs="+", help="results folder(s), in any layout `workbench eval` reads")
    er.add_argument("--toolkit", required=True, choices=(*EXPORT_TOOLKITS, *RGBT_EXPORT_TOOLKITS),
                    help="; ".join(f"{k}: {v}" for k, v in {**EXPORT_TOOLKITS, **RGBT_EXPORT_TOOLKITS}.items()))
    er.add_argument("--out", required=True, help="folder the toolkit's <tracker> folders go into (pysot: its "
                                                 "results/<dataset> folder); nothing there is overwritten")
    er.add_argument("--trackers", help="comma-separated run labels to export (default: every run)")
    er.add_argument("--dataset", help="dataset root: needed for folders that do not record their box convention "
                                      "(ours before the convention, unmarked flat folders); each file's rows are "
                                      "checked against its sequence's frames (without it: the count its run's "
                                      "manifest records), as eval reads them: a shorter file is left out, a longer "
                                      "one cut, each with a note")
    er.add_argument("--name", action="append", default=[], metavar="LABEL=FOLDER",
                    help="the toolkit's tracker folder name for a run (repeatable; default: the method, with its "
                         "variant when not the default)")
    _results_convention_arg(er)

    ls = sub.add_parser("list", help="list plugins, or the sequences of a dataset")
    one = ls.add_mutually_exclusive_group()  # --settings with --dataset was dropped without a word
    one.add_argument("--dataset", help="a dataset root to list (or one sequence: a folder, video or cube; "
                                       "FILE.h5:/name one dataset of an HDF5 file)")
    one.add_argument("--settings", metavar="PLUGIN", help="the settings of a plugin (for --set KEY=VALUE): "
                                                          "default, allowed values, what each does")

    what = "run a benchmark: the core's (benchmarks/) or one an installed plugin contributes"
    # where the real data comes from was in the README only: lw_irstnet's said 'SIRST not found' and no more
    b = sub.add_parser("bench", help=what, description=what + "; each prints a table of speed / memory figures",
                       epilog="real data: the benchmarks that can use it read it from the folder named by "
                              "$WORKBENCH_BENCH_DATA, laid out as the project's data folder (irst/sirst/images, "
                              "irst/sirst_v2, irst/ist_a, tracking/..., hsi/jasper_ridge); without it they run on "
                              "generated data or typical sizes and say so")
    b.add_argument("name", nargs="?", help="benchmark name, the core's or a plugin's (omit to list them all)")
    b.add_argument("--quick", action="store_true", help="small sizes: about a minute each on 2 cores, a few for contention, gpu and generalisation")
    b.add_argument("--json", help="write the figures as JSON")
    add_force_arg(b, "the --json file")

    sub.add_parser("generate", add_help=False,
                   help="make data: hsi-video (hyperspectral videos with groundtruth from a cube), "
                        "hsi-convert (between HOT, ENVI and HDF5); `workbench generate hsi-video -h`")
    sub.add_parser("corpus", add_help=False,
                   help="the training corpus: `workbench corpus pack ROOT ... --out F.wbpack.npz` packs every "
                        "source into one file (frames decoded once, boxes kept)")
    verbs = plugin_commands()
    for verb in sorted(verbs):
        if verb not in SUBCOMMANDS:
            sub.add_parser(verb, add_help=False, help=f"plugin command, offered by {', '.join(verbs[verb])} "
                                                      f"(`workbench {verb} NAME -h`)")
    return p


def _results_convention_arg(parser) -> None:
    """--results-convention, the same for every command that reads result folders (eval, report,
    export-video): foreign flat folders (pysot-toolkit) are 1-based on OTB-style data."""
    parser.add_argument("--results-convention", choices=("auto", "file", "0-based"), default="auto",
                        help="coordinates of result folders that do not record theirs (no manifest, or ours "
                             "written before 4 Dec 2026, whose manifest has no box_offset per sequence): file = the "
                             "dataset's groundtruth file (1-based for OTB-style data: pysot-toolkit / pytracking / "
                             "GOT-10k raw results), 0-based = counted from pixel 0 whatever the file (our runs of "
                             "before then); auto (default): pytracking and GOT-10k layouts (a flat folder with the "
                             "GOT-10k toolkit's times/ too) file, other flat folders and ours 0-based")


def _absent_arg(parser) -> None:
    """--absent: how one-pass scores count frames without a target (eval, report)."""
    parser.add_argument("--absent", choices=("exclude", "failure", "otb"), default="exclude",
                        help="frames where the target is absent (NaN / zero-size groundtruth, LaSOT's full_occlusion "
                             "/ out_of_view, GOT-10k's absence): exclude (default) = left out, as GOT-10k ignores "
                             "them; failure = in every denominator as failures, as the LaSOT toolkit, pysot-toolkit's "
                             "LaSOT and pytracking count them; otb = in every denominator, failures in success and hits "
                             "in precision, as the OTB toolkit and pysot-toolkit's OTB / UAV123 count them")


def _rgbt_arg(parser) -> None:
    """--rgbt: the RGB-T toolkits' scores of RGB-T sequences (eval, report)."""
    from workbench.core.toolkits import RGBT_RULES

    parser.add_argument("--rgbt", choices=tuple(RGBT_RULES), default="auto",
                        help="RGB-T sequences (rgbt, gtot, vtuav layouts) are scored as their benchmark's toolkit "
                             "scores them, one result against both streams' boxes: " +
                             "; ".join(f"{k}: {v}" for k, v in RGBT_RULES.items()))


def _rgbt_truths(args, skipped: list) -> tuple:
    """``_load_dataset(with_offsets=True)`` of ``args.dataset`` and the RGB-T truths of its sequences under
    ``--rgbt`` ({} for other data, ``--rgbt off`` and protocols other than ope); refuses the one-pass options
    an RGB-T rule decides itself (--pooled, --absent) where that rule scores every sequence, and --rgbt RULE with
    another protocol; says a --rgbt RULE that matched no sequence."""
    protocol = getattr(args, "protocol", "ope")
    if protocol != "ope" and args.rgbt not in ("auto", "off"):
        raise WorkbenchError(f"--rgbt {args.rgbt}: the RGB-T toolkits' rules are one-pass scores, not "
                             f"--protocol {protocol}'s; drop one of them")
    truths: dict = {}
    loaded = _load_dataset(args.dataset, with_offsets=True, skipped=skipped, truths=truths,
                           rgbt=args.rgbt if protocol == "ope" else "off")
    used = [f for f, on in (("--pooled", getattr(args, "pooled", False)), ("--absent", args.absent != "exclude"))
            if on]
    # refused only where the rule scores every sequence: a root mixing RGB-T with other sequences is scored
    # one-pass (folders._whole_rgbt), where --pooled / --absent apply
    if truths and used and set(loaded[0]) <= set(truths):
        raise WorkbenchError(f"{', '.join(used)}: RGB-T sequences are scored by their toolkit's rule, which decides "
                             "the frames and the averaging itself; drop it, or give --rgbt off for one-pass scores")
    if protocol == "ope" and args.rgbt not in ("auto", "off") and not truths:
        print(f"warning: --rgbt {args.rgbt}: no sequence of {args.dataset} is RGB-T (the rgbt, gtot and vtuav "
              "layouts' sequences): every sequence scored one-pass (OPE)", file=sys.stderr)
    return loaded, truths


def _unmarked(args):
    """The ``unmarked`` convention of ``--results-convention`` (None: by layout)."""
    from workbench.core.results import FILE_FRAME, ZERO_BASED

    return {"auto": None, "file": FILE_FRAME, "0-based": ZERO_BASED}[args.results_convention]


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench", description="Open the workbench window.",
                                epilog=f"Commands without a window: {', '.join(SUBCOMMANDS)} (workbench COMMAND -h)")
    p.add_argument("path", nargs="?", help="a sequence or dataset to open")
    p.add_argument("--demo", action="store_true", help="open with the built-in demo sequence")
    p.add_argument("--screenshot", metavar="FILE",
                   help="load, run the default tracker, save the window as a PNG and exit")
    return p


# Verbs that compute with torch / ONNX Runtime: run from a shell (``workbench VERB``), they start with the cores
# other processes leave free (``workbench.core.cpu``). Called with an argument list (a script, a test), nothing
# is sampled and torch keeps its own default.
COMPUTING_VERBS = ("demo", "run", "train", "segment", "detect", "search", "prune")
#: the plugin commands that take --threads, verb -> plugins: the busy-cores note names --threads for these alone
#: (it told `segment tophat` / `detect` users to give it, which those refuse); WORKBENCH_THREADS=N works for every
#: verb. tests/test_f5s57_cli_small_defects.py checks it against each command's -h.
THREADS_OPTION = {"train": ("hanet", "lw_irstnet", "nas_tir", "ps_siamfcpp", "seq_irst", "siamfcpp"),
                  "segment": ("lw_irstnet",), "search": ("nas_tir",), "prune": ("ps_siamfcpp", "siamfcpp")}


def _takes_threads(verb: str, rest: list[str]) -> bool:
    """Whether ``workbench VERB REST`` goes to a plugin command that takes --threads (its plugin found by
    ``_command_plugin``, as the command is dispatched)."""
    if verb not in THREADS_OPTION:
        return False
    from workbench.core.registry import default_registry

    reg = default_registry()
    try:
        name, _args = _command_plugin(verb, rest, reg)
    except WorkbenchError:  # `--model` with no name: the command says so; the note names the variable alone
        return False
    return name in THREADS_OPTION[verb]


def command_threads(argv: list[str]) -> int | None:
    """For a computing verb given no ``--threads``: fewer torch threads when other processes keep cores busy
    (said on stderr in one line); the number chosen, or None where nothing changed."""
    if not argv or argv[0] not in COMPUTING_VERBS or any(a in ("-h", "--help") for a in argv):
        return None
    if any(a == "--threads" or a.startswith("--threads=") for a in argv):
        return None  # the verb's own option decides
    from workbench.core.cpu import choose_command_threads

    # demo and run have no --threads of their own (the note told them to give it, which was refused); a plugin's
    # verb mostly has (tophat, mpcm segment and seq_irst detect do not: THREADS_OPTION)
    chosen = choose_command_threads(choose="--threads N or WORKBENCH_THREADS=N" if _takes_threads(argv[0], argv[1:])
                                    else "WORKBENCH_THREADS=N")
    if chosen is None:
        return None
    print(f"workbench: {chosen[1]}", file=sys.stderr)
    return chosen[0]


# The signal that stopped the command (SIGTERM), set by the handler ``stop_on_sigterm`` installs
_STOPPED_BY: list[int] = []


def stop_on_sigterm() -> None:
    """SIGTERM (``kill PID``, a batch scheduler's stop, a closing terminal's session) stops a command as Ctrl-C
    does: raised as KeyboardInterrupt where the process is, so the frames tracked, the epochs saved and the files
    written so far are kept and said in one line, and the exit status is 143 (128 + 15). Without it the process
    died at once, silently, with none of that said (and a run's partial sequence not saved). A second SIGTERM
    during that clean-up kills the process as before. Only on the main thread (``signal`` allows no other)."""
    import signal

    def stop(signum, frame):
        _STOPPED_BY.append(signum)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise KeyboardInterrupt(signal.Signals(signum).name)  # its name: said where the run is marked partial

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: the signal's default stays
        pass


def _interrupted_status() -> int:
    """The exit status of a command stopped by Ctrl-C (130) or SIGTERM (143), said in one line."""
    import signal

    if _STOPPED_BY:
        print(f"workbench: stopped by {signal.Signals(_STOPPED_BY[-1]).name}", file=sys.stderr)
        return 128 + _STOPPED_BY[-1]
    print("workbench: interrupted", file=sys.stderr)
    return 130


def main(argv: list[str] | None = None) -> int:
    _STOPPED_BY.clear()
    if argv is None:  # the process's own command (the `workbench` script), not a call from a script or a test
        stop_on_sigterm()
        try:
            command_threads(sys.argv[1:])
        except KeyboardInterrupt:
            return _interrupted_status()
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:  # Ctrl-C / SIGTERM while the last message was said or a warning shown
        code = _interrupted_status()
    window = sys.modules.get("workbench.gui.app") if argv is None else None  # (imported when the window opened)
    # the window closed with a plugin's call let go still in progress: the process ends now, its exit handlers run
    # and with this status, not when the call returns (``app.end_process``); a call from a script only returns
    return window.end_process(code) if window is not None else code


def _main(argv: list[str]) -> int:
    with warnings.catch_warnings():
        _show_data_warnings()
        try:
            if argv and argv[0] == "generate":
                if argv[1:] in ([], ["-h"], ["--help"]):
                    print(GENERATE_HELP)
                    return 0
                from workbench.core.data.hsi_generate import generate_command

                return generate_command(argv[1:])
            if argv and argv[0] == "corpus":
                if not argv[1:2] or argv[1] not in NESTED_COMMANDS["corpus"]:
                    usage = ("usage: workbench corpus pack ROOT [ROOT ...] --out FILE.wbpack.npz "
                             "[--exclude NAME ...] [--max-side N] [--quality Q] [--force]")
                    if argv[1:] in ([], ["-h"], ["--help"]):
                        print(usage)
                        return 0
                    # one short line naming the word (the usage in it ran past 200 characters, after a doubled
                    # 'workbench'); an option first is a missing sub-command, not an unknown one named '--out'
                    known = f"known: {', '.join(NESTED_COMMANDS['corpus'])} (workbench corpus -h)"
                    if argv[1].startswith("-"):
                        raise WorkbenchError(f"corpus: a sub-command is missing before {argv[1]!r}; {known}")
                    raise WorkbenchError(f"unknown corpus sub-command {argv[1]!r}; {known}")
                from workbench.core.training.corpus import pack_main

                return pack_main(argv[2:])
            if argv and argv[0] not in SUBCOMMANDS + ("-h", "--help") and argv[0] in plugin_commands():
                return _plugin_command(argv[0], argv[1:])
            if not argv or argv[0] not in SUBCOMMANDS + ("-h", "--help"):
                if argv:
                    _refuse_mistyped_command(argv[0])
                return _gui(argv)
            args = _parser().parse_args(join_negative_values(argv, NUMBER_LIST_OPTIONS))
            _refuse_empty_paths(args)
            return {"demo": cmd_demo, "run": cmd_run, "eval": cmd_eval, "list": cmd_list,
                    "bench": cmd_bench, "report": cmd_report, "export-video": cmd_export_video,
                    "export-results": cmd_export_results}[args.command](args)
        except WorkbenchError as exc:
            # one line whatever a message wraps (a third-party reason may end in or hold newlines)
            print(f"workbench: error: {one_line(str(exc), 100_000)}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `workbench list | head`: the reader left; nothing to report
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except OSError as exc:  # an output folder that cannot be written, a file where a folder should be
            if exc.errno is None and exc.filename is None:
                raise  # not a file-system error: a bug, keep its traceback
            print(f"workbench: error: {os_error_line(exc)}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            return _interrupted_status()
        except Exception as exc:
            # an exception raised inside a plugin's method call (``methods.MethodRaised``): a bug, not a user error
            # (status 1, as any bug); the plugin's own traceback first, then its one line naming the call, the frame
            # and the plugin's file and line. Anything else is the workbench's bug: Python's traceback.
            methods = sys.modules.get("workbench.core.methods")
            if methods is None or not isinstance(exc, methods.MethodRaised):
                raise
            print(methods.plugin_traceback(exc), end="", file=sys.stderr)
            print(f"workbench: error: {one_line(str(exc), 100_000)}", file=sys.stderr)
            return 1


GENERATE_HELP = """usage: workbench generate GENERATOR [options]

generators:
  hsi-video    hyperspectral videos with groundtruth from a scene cube (default; `workbench generate hsi-video -h`)
  hsi-convert  convert a cube between HOT, ENVI and HDF5 (`workbench generate hsi-convert -h`)"""

# Options whose value is a comma list of numbers, which may start with '-' (``--init -30,-30,40,40``):
# argparse takes such a value for an option and refuses the line, so ``--init VALUE`` is joined into
# ``--init=VALUE`` before parsing (``--init=VALUE`` works as it is).
NUMBER_LIST_OPTIONS = ("--init",)
_NUMBER_LIST = re.compile(r"-[0-9.][0-9.eE+-]*(,\s*-?[0-9.][0-9.eE+-]*)*")


def join_negative_values(argv: list[str], options=NUMBER_LIST_OPTIONS) -> list[str]:
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        if a in options and i + 1 < len(argv) and _NUMBER_LIST.fullmatch(argv[i + 1]):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _show_data_warnings() -> None:
    """``DataWarning`` (a repaired frame, a decoder's complaint) as one ``warning: ...`` line on stderr,
    not Python's two-line ``file:line: DataWarning: ...`` form; other warnings as Python shows them.
    Call inside ``warnings.catch_warnings()``: the override ends with it."""
    from workbench.core.errors import DataWarning, one_line

    previous = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if isinstance(category, type) and issubclass(category, DataWarning):
            # the folders the warning names do not count against the limit (``warn_data(..., paths=)``): counted
            # here, a warning that warn_data kept whole was cut again before what it says
            print(f"warning: {one_line(str(message), paths=getattr(message, 'paths', ()))}",
                  file=sys.stderr if file is None else file)
        else:
            previous(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def _plugin_command(command: str, rest: list[str]) -> int:
    """Dispatch ``workbench COMMAND NAME ...`` (or ``--model NAME``) to the plugin that offers it."""
    from workbench.core.registry import call_command, default_registry, resolve

    reg = default_registry()
    offering = _offering(command, reg)
    name, args = _command_plugin(command, rest, reg)
    if name is None:
        if args and args[0] in ("-h", "--help"):
            print(f"usage: workbench {command} NAME [options]   (`workbench {command} NAME -h` for a plugin's own)\n\n"
                  f"plugins offering {command!r}:")
            for n in offering:
                p = reg.plugins.get(n)
                print(f"  {n:<14} {getattr(p, 'title', '') or ''}".rstrip())
            return 0
        raise WorkbenchError(f"usage: workbench {command} NAME ... (plugins offering it: "
                             f"{', '.join(offering) or 'none'})")
    plugin = reg.get(name)
    if command not in plugin.commands:
        raise WorkbenchError(f"plugin {name!r} has no {command!r} command; plugins offering it: "
                             f"{', '.join(offering) or 'none'}")
    # a command function taking a `prog` keyword with a default is told the line it was called by: one function
    # behind two plugins' verb (siamfcpp's and ps_siamfcpp's prune / import) named one of them in its usage for both
    # (docs/PLUGINS.md 7)
    return call_command(resolve(plugin.commands[command]), args, f"workbench {command} {plugin.name}")


def _offering(command: str, reg) -> list[str]:
    return sorted(p.name for p in reg.plugins.values() if command in p.commands)


def _command_plugin(command: str, rest: list[str], reg) -> tuple[str | None, list[str]]:
    """The plugin ``workbench COMMAND REST`` goes to and the arguments it gets: ``--model NAME`` (taken out), else
    the word after the verb; where none is given (and no -h asked of the verb) or the word names no plugin, the one
    plugin offering the verb, given the whole line (`workbench detect --sequence S`). None: none given and several
    offer it, or -h asked of the verb. ``_plugin_command`` dispatches by it, ``_takes_threads`` asks it."""
    offering = _offering(command, reg)
    name, args = None, list(rest)
    if "--model" in args:
        k = args.index("--model")
        if k + 1 >= len(args):
            raise WorkbenchError(f"workbench {command}: --model needs a plugin name")
        name = args[k + 1]
        del args[k:k + 2]
    elif args and not args[0].startswith("-"):
        name, args = args[0], args[1:]
    if name is None:
        if len(offering) == 1 and not (args and args[0] in ("-h", "--help")):
            name = offering[0]
    elif name not in reg.plugins and name not in reg.failed and len(offering) == 1:
        name, args = offering[0], list(rest)
    return name, args


def _refuse_mistyped_command(word: str) -> None:
    """A first word that is no command, names nothing on disk and looks like a command (no folder separator, no
    suffix) is refused, naming the commands and sub-commands it is close to (difflib): ``workbench hsi-convert``
    opened the window to say 'no such file', and with options failed with argparse's 'unrecognized arguments',
    never pointing to ``workbench generate hsi-convert``. ``workbench PATH`` of anything that exists, or has a
    separator or a suffix, opens the window as before."""
    if word.startswith("-") or "/" in word or "\\" in word or Path(word).suffix or Path(word).exists():
        return
    import difflib

    lines = {c: c for c in SUBCOMMANDS} | {v: v for v in plugin_commands()} | {
        sub: f"{c} {sub}" for c, subs in NESTED_COMMANDS.items() for sub in subs}
    near = difflib.get_close_matches(word, list(lines), n=3, cutoff=0.6)
    if near:
        hint = "did you mean " + " or ".join(f"`workbench {lines[n]}`" for n in near) + \
            "? (`workbench PATH` opens a sequence or dataset in the window)"
    else:
        hint = (f"the commands are {', '.join(sorted(lines.values()))}; `workbench -h` says what each does, "
                "`workbench PATH` opens a sequence or dataset in the window")
    raise WorkbenchError(f"no command {word!r}, nor a file or folder of that name here; {hint}")


def _gui(argv: list[str]) -> int:
    import signal

    try:  # the window: Qt's event loop runs no Python handler while idle, so SIGTERM keeps its default
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:
        pass
    args = _gui_parser().parse_args(argv)
    try:
        from workbench.gui.app import run_app
    except ImportError as exc:
        raise WorkbenchError(f"the window needs PySide6 and pyqtgraph: {exc}") from exc
    return run_app(demo=args.demo, screenshot=args.screenshot, open_path=args.path)


# --- commands ----------------------------------------------------------------------------------

def out_folder(value: str, flag: str = "--out") -> Path:
    """A results folder argument, checked (and made) before any work: ``results.writable_folder``."""
    from workbench.core.results import writable_folder

    return writable_folder(value, flag)


def fps_text(fps: float) -> str:
    """``123.4 fps``; ``- fps`` when no frame after the first was timed (a one-frame run)."""
    return f"{fps:8.1f} fps" if fps == fps else f"{'-':>8} fps"


def _settings(pairs: list[str]) -> dict:
    from workbench.core.registry import parse_settings

    return parse_settings(pairs)


def _track(plugin, config, device, seqs, out: Path, name: str, init=None, start: int = 0) -> list:
    from workbench.core.device import resolve_device
    from workbench.core.evaluation.plots import padded
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.runs import Interrupted, run_info, run_tracker

    done = []
    for k, entry in enumerate(seqs):
        seq = entry.open() if hasattr(entry, "open") and not hasattr(entry, "frame") else entry
        _warn(seq)
        tracker = plugin.create(config, device)
        label = f"{name} {seq.name} ({k + 1}/{len(seqs)})"
        info = run_info(plugin, config, resolve_device(device) if plugin.uses_torch else "cpu",
                        sequence_path=getattr(seq, "path", None))
        try:
            res = run_tracker(tracker, seq, init=init, start_frame=start, ctx=JobContext(TextProgress(label)),
                              name=name, info=info)
        except Interrupted as stop:  # Ctrl-C: keep what was tracked, marked partial, then stop
            path = stop.result.save(out)
            print(f"workbench: {stop.result.stop_message(path)}", file=sys.stderr)
            raise
        path = res.save(out)
        done.append((seq, res, path))
        done_n = res.frames_done  # not len(seq): a run that lost its target at frame 5 of 150 said "150 frames"
        print(f"{padded(name, 12)} {padded(seq.name, 24)} {done_n:>5} frame{' ' if done_n == 1 else 's'}  "
              f"{fps_text(res.fps)}  -> {path}")
        if res.stopped:
            print(f"workbench: error: {res.stop_message(path)}", file=sys.stderr)
    return done


def _warn(seq) -> None:
    """Dataset quirks the readers tolerated: say them once, on stderr."""
    for w in seq.meta.get("warnings", []) or []:
        # one line each, as every other warning: a folder name holding a newline split it in two
        print(f"warning: {one_line(str(w), paths=(getattr(seq, 'path', None),))}", file=sys.stderr)


def _tracker_settings(pairs: list[str], trackers: list[str]) -> dict[str, dict]:
    """``KEY=VALUE`` applies to every tracker; ``TRACKER.KEY=VALUE`` to that one."""
    out = {t: {} for t in trackers}
    for key, value in _settings(pairs).items():
        scope, dot, short = key.partition(".")
        if dot and scope in out:
            out[scope][short] = value
        elif dot and len(trackers) > 1:
            raise WorkbenchError(f"--set {key}=...: {scope!r} is not one of the trackers {', '.join(trackers)}")
        else:
            for t in trackers:
                out[t][key] = value
    return out


def _no_empty_out(command):
    """A command whose ``--out`` folder it made is removed again when the command fails with nothing written
    into it (every task failed, or a check failed after the folder was made): no empty folder left behind."""
    import functools

    @functools.wraps(command)
    def wrapped(args) -> int:
        from workbench.core.results import drop_if_empty

        made = None if Path(args.out).exists() else Path(args.out)
        try:
            rc = command(args)
        except BaseException:
            drop_if_empty(made)
            raise
        if rc:
            drop_if_empty(made)
        return rc

    return wrapped


@_no_empty_out
def cmd_run(args) -> int:
    from workbench.core import batch
    from workbench.core.boxes import parse_box
    from workbench.core.data import open_sequence
    from workbench.core.jobs import TextProgress
    from workbench.core.registry import default_registry

    import os

    cpus = os.cpu_count() or 1
    # --workers 1000 started 1000 worker processes (each its own numpy and tracker) until memory ran out
    check_options([("--segments", args.segments, COUNT),
                   ("--workers", args.workers, COUNT),
                   ("--workers", args.workers, Bound(hi=4 * cpus, note=f"worker processes, 4 a CPU; this machine "
                                                                      f"has {cpus}"))])
    if args.workers is not None and (args.backend != "dask" or args.address):
        # taken without a word and not used: the local backend runs one task after another, a cluster at
        # --address has the workers it was started with
        raise WorkbenchError("--workers sizes the loopback Dask cluster (--backend dask without --address); drop it"
                             + (" (a cluster at --address has its own workers)" if args.address else
                                " or add --backend dask"))
    names = [t.strip() for group in args.tracker for t in group.split(",") if t.strip()]
    names = list(dict.fromkeys(names))
    if not names:
        raise WorkbenchError("--tracker needs at least one tracker name")
    if args.name and len(names) > 1:
        raise WorkbenchError("--name renames one tracker's results folder; give one --tracker with it")
    from workbench.core.data.sequence import is_file_name

    if args.name is not None and not is_file_name(args.name):
        raise WorkbenchError(f"--name {args.name!r}: not a folder name (no '/' or '\\', not '.' or '..'): results "
                             "stay inside --out")
    out_folder(args.out)
    settings = _tracker_settings(args.set, names)
    reg = default_registry()
    for name in names:  # bad names and settings fail here, before any work or cluster starts
        plugin = reg.get(name)
        if plugin.kind != "tracker":
            raise WorkbenchError(f"plugin {plugin.name!r} is a {plugin.kind}, not a tracker")
        try:
            config = plugin.make_config(settings[name])
        except WorkbenchError as exc:
            raise WorkbenchError(f"--set: {exc}") from None
        # what the method declares it needs (NanoTrack's weights), said here as the window says it on its
        # greyed Run; a cluster's workers have their own files and environment: they say it there
        why = plugin.why_not_ready(config) if args.backend == "local" else None
        if why:
            raise WorkbenchError(why if len(names) == 1 else f"{name}: {why}")
    try:
        init = parse_box(args.init) if args.init else None
    except ValueError as exc:
        raise WorkbenchError(f"--init: {exc}") from None
    if args.sequence:  # a missing or unreadable sequence is reported before any work; opened once: its task here
        # takes it (it opened it again: about 2 s more for a 20,000-frame folder)
        checked = open_sequence(args.sequence)
    if args.dataset:
        check_dataset_path(args.dataset, sequence_option=True)
    refs = batch.sequence_refs(sequence=args.sequence, dataset=args.dataset)
    if init is not None and len(refs) > 1:
        raise WorkbenchError("--init applies to one sequence; a dataset starts from its groundtruth")
    if args.protocol != "ope" and (init is not None or args.start):
        raise WorkbenchError(f"--protocol {args.protocol} chooses its own starts from the groundtruth: drop --init / --start")
    if init is not None:  # a box under a tracker's smallest (its Plugin's smallest_user_box): the whole run refused
        # here, as the window refuses it (a tracker named before it ran and saved, then this one was made, its
        # weights loaded, and refused on its task)
        from workbench.core.boxes import check_user_box
        from workbench.core.loops import frame_at

        for name in names:
            check_user_box(reg.get(name), init, frame_at(checked, args.start) if args.sequence else "")
    cpu_only = [n for n in names if not reg.get(n).uses_torch]
    if args.device == "cuda" and cpu_only:  # ran on the CPU without a word: said once, not per sequence
        print(f"note: --device cuda: {', '.join(cpu_only)} ha{'s' if len(cpu_only) == 1 else 've'} no GPU path and "
              f"run{'s' if len(cpu_only) == 1 else ''} on the CPU", file=sys.stderr)
    if args.segments is not None and args.protocol != "tre":  # taken and not used without a word
        print(f"note: --segments sets the starts of --protocol tre; not used by --protocol {args.protocol}"
              + (" (12 shifted and scaled first boxes)" if args.protocol == "sre" else ""), file=sys.stderr)
    save_maps, mapless = None, []
    if args.save_maps is not None:
        save_maps = tuple(dict.fromkeys(n.strip() for n in args.save_maps.split(",") if n.strip()))
        if args.protocol != "ope":
            raise WorkbenchError(f"--save-maps saves the maps of one-pass runs, not of --protocol {args.protocol}")
        mapless = _check_save_maps(save_maps, [reg.get(name) for name in names])
        if mapless:  # said once here, not as a "no maps saved" warning for each of its sequences
            one = len(mapless) == 1
            print(f"note: --save-maps: {', '.join(mapless)} draw{'s' if one else ''} no maps: "
                  f"{'its' if one else 'their'} runs save none (the other trackers' maps are saved)", file=sys.stderr)
    # a sequence whose frames a tracker does not take is said once here, for the whole dataset, and left out: the
    # sequences that fit are run (an HSI tracker on a HOT2020 root beside its false-colour videos runs the cubes);
    # nothing fits: refused before any work, one message (it was one long refusal per sequence, after the run)
    misfits = batch.modality_misfits(names, refs) if args.dataset else {}
    tasks, dropped = [], []
    for name in names:
        left_out = {r for rs in misfits.get(name, {}).values() for r in rs}
        fit = [r for r in refs if r not in left_out]
        if left_out:
            dropped.append((batch.misfit_text(name, reg.get(name).modalities, misfits[name], len(refs), args.dataset),
                            f"{name} is not run" if not fit else f"left out, {name} runs the other {len(fit)}"))
        tasks += batch.track_tasks([name], fit, settings, args.device, tuple(init) if init is not None else None,
                                   args.start, {names[0]: args.name} if args.name else None, protocol=args.protocol,
                                   save_maps=None if name in mapless else save_maps,
                                   **({"segments": args.segments} if args.segments else {}))
    if not tasks:
        raise WorkbenchError("; ".join(line for line, _ in dropped) + "; nothing was run")
    for line, done in dropped:
        print(f"note: {line}; {done}", file=sys.stderr)
    n = len(tasks)
    if args.backend == "local":
        counter = iter(range(1, n + 1))
        backend = batch.make_backend("local", args.address, progress_factory=lambda t: TextProgress(
            f"{t.name or t.tracker} {t.sequence.label} ({next(counter)}/{n})"))
    else:
        backend = batch.make_backend(args.backend, args.address, args.workers)
        print(f"{n} task(s) on the Dask cluster at {backend.address}", file=sys.stderr)
    came: list = []  # the outcomes back so far: what a stopped cluster run kept

    def outcome(o, p) -> None:
        came.append((o, p))
        if getattr(o.result, "beside_note", ""):  # a run from another start kept apart from the earlier one
            print(f"note: {o.result.beside_note}", file=sys.stderr)
        batch.print_outcome(o, p, failures=n > 1)
        said = o.result.maps_message(p) if p is not None and hasattr(o.result, "maps_message") else ""
        if said and getattr(o.result, "maps_record", None) is not None:
            print(said)
        elif said:  # asked for, none written: said where problems go
            print(f"warning: {said}", file=sys.stderr)

    if args.sequence and args.backend == "local":
        batch.hand_over(args.sequence, checked)
    try:
        # one task's failure is raised below as the run's error; several are listed as they come
        report = batch.run_batch(tasks, Path(args.out), backend, on_outcome=outcome)
    except KeyboardInterrupt as stop:
        from workbench.core.runs import Interrupted

        if args.backend != "local" and not isinstance(stop, Interrupted):
            # a cluster run said only 'interrupted': what came back is saved, what was running or waiting is not
            saved = sum(1 for _, p in came if p is not None)
            kept = f"{saved} saved in {args.out}" if saved else "nothing saved"
            said = (f"with {len(came)} of its {n} tasks back ({kept}); the other {n - len(came)}" if came else
                    f"before any of its {n} tasks came back (nothing was written); all {n}")
            print(f"workbench: the Dask run stopped {said}, running or waiting on the cluster, were cancelled and kept "
                  f"nothing; the same command again runs all {n}", file=sys.stderr)
        raise
    finally:
        backend.close()
    failed = report.failed
    if len(failed) == 1 and n == 1:
        if failed[0].user_error:
            raise WorkbenchError(failed[0].error)
        print(failed[0].detail, file=sys.stderr)
        return 1
    if failed:
        # "the others' results are in OUT" was said when every task had failed and nothing was written
        if len(failed) < n:
            kept = f"the results of the other {n - len(failed)} are in {args.out}"
        elif report.written:  # stopped runs: what they tracked is kept, marked partial
            kept = f"what they tracked before they stopped is in {args.out}"
        else:
            kept = "nothing was written"
        print(f"workbench: error: {len(failed)} of {n} tasks failed (see above); {kept}", file=sys.stderr)
        return 2 if all(o.user_error for o in failed) else 1
    idle = [name for name in names if not any(t.tracker == name for t in tasks)]
    if idle:  # a tracker asked for ran nothing: exit 0 told a script that every tracker had run (R2)
        print(f"workbench: error: {', '.join(idle)} ran no sequence (their frames do not fit it, see the note above); "
              f"the other trackers' results are in {args.out}", file=sys.stderr)
        return 2
    return 0


def _check_save_maps(wanted: tuple, plugins: list) -> list[str]:
    """``--save-maps`` against the maps the trackers' plugins declare, before the run: a map a tracker never
    draws was a warning after the whole run. Trackers that publish maps without naming them are checked after.
    Returns the trackers that declare no maps at all, run beside others that draw some with every map asked for
    (``--save-maps`` without names): their runs save none, said once before the run (it was a "no maps saved"
    warning for every sequence)."""
    declared = {p.name: p.declared_maps() for p in plugins}
    for name, maps in declared.items():
        missing = [m for m in wanted if maps is not None and m not in maps]
        if missing:
            fix = f"its maps are {', '.join(maps)}" if maps else "it draws no maps: drop --save-maps"
            raise WorkbenchError(f"--save-maps {','.join(wanted)}: {name} publishes no "
                                 f"{', '.join(map(repr, missing))} map; {fix}"
                                 + (" or run it apart from the others" if len(plugins) > 1 else ""))
    if not wanted and all(maps == () for maps in declared.values()):
        who = ", ".join(declared)
        raise WorkbenchError(f"--save-maps: {who} draw{'s' if len(declared) == 1 else ''} no maps; drop --save-maps "
                             "or run a tracker that publishes maps")
    return [name for name, maps in declared.items() if maps == ()]


def dataset_name(dataset: str | Path) -> str:
    """The name runs of ``dataset`` are stored under (``runs.dataset_of``, the one rule ``run`` follows too): the
    root's folder name (``_levels`` also looks, for a root that is one sequence, under the folder holding it, where
    ``run --sequence`` stores)."""
    from workbench.core.runs import dataset_of

    return dataset_of(None, dataset)[0] or ""


def _levels(dataset: str | Path, name: str, entries: list) -> tuple[str, ...]:
    """The ``<dataset>`` folders holding runs of ``dataset`` (``results.dataset_folders``), with the names earlier
    versions stored it under (``runs.dataset_names``), looked in after its own."""
    from workbench.core.results import dataset_folders
    from workbench.core.runs import dataset_names

    return dataset_folders(name, entries, dataset_names(dataset, entries)[1:])


def _refuse_empty_paths(args) -> None:
    """``--dataset ""`` / ``--sequence ""`` (a script's unset variable): ``Path("")`` is the current folder, so run
    tracked and eval scored every sequence under wherever the command was started (or the option counted as not
    given). Refused, naming the option, before any work."""
    for name in ("dataset", "sequence"):
        value = getattr(args, name, None)
        if isinstance(value, str) and not value.strip():
            raise WorkbenchError(f"--{name}: empty; give a dataset root or a sequence folder"
                                 if name == "dataset" else "--sequence: empty; give a sequence (a folder, a video or a "
                                 "cube)")


def check_dataset_path(value: str, sequence_option: bool = False) -> None:
    """``--dataset`` names a folder (or a file a reader opens as one sequence: a video, a cube), else one line naming
    the option and what to give: a missing path said "X: no such folder", a file no reader takes "no sequences
    found". ``sequence_option``: the verb has ``--sequence``, which a single video / cube / image sequence goes to."""
    from workbench.core.data.cube import split_dataset_path
    from workbench.core.data.detect import detect_layout, not_there

    p = Path(value)
    give = "give the folder holding the sequences (a dataset root) or one sequence folder"
    if not str(value).strip():  # Path("") is the current folder: `--dataset "$D"` with D unset tracked all under it
        raise WorkbenchError(f"--dataset: empty; {give}")
    file, chosen = split_dataset_path(p)
    if chosen is not None and file.is_file():
        return  # FILE.h5:/name, one dataset of an HDF5 file: the cube reader says what is wrong with it when it opens
    if not p.exists():  # a link that loops or leads nowhere, a pasted path gone wrong: said as the others say them
        why = not_there(p)  # (all were "no such file or folder")
        raise WorkbenchError(f"--dataset {value}: {why}" + (f"; {give}" if why == "no such file or folder" else ""))
    if p.is_dir():
        return
    try:
        layout = detect_layout(p)
    except WorkbenchError:
        return  # a reader takes it and says what is wrong with it when it opens
    if layout is None:
        raise WorkbenchError(f"--dataset {value}: is a file that no reader takes, not a dataset folder; {give}"
                             + ("; a single video, cube or image sequence goes to --sequence" if sequence_option
                                else ""))


def _load_dataset(dataset: str, with_offsets: bool = False, skipped: list | None = None, truths: dict | None = None,
                  rgbt: str = "off"):
    """``(gts, attrs, name)`` (plus ``offsets`` and ``entries`` with ``with_offsets``) of a dataset.
    ``skipped``, ``truths`` and ``rgbt``: see ``dataset_groundtruth`` (unreadable sequences left out, with a warning
    each; the RGB-T sequences' truths)."""
    from workbench.core.evaluation.folders import dataset_groundtruth

    check_dataset_path(dataset)
    gts, attrs, offsets, entries = dataset_groundtruth(dataset, warn=lambda w: print(f"warning: {w}", file=sys.stderr),
                                                       skipped=skipped, truths=truths, rgbt=rgbt)
    if not gts:
        raise WorkbenchError(f"{dataset}: no sequence with groundtruth to evaluate against" +
                             (f" ({skipped[0][1]})" if skipped else ""))
    name = dataset_name(dataset)
    return (gts, attrs, name, offsets, entries) if with_offsets else (gts, attrs, name)


def evaluate_folder(results_dir, gts: dict, attrs: dict, trackers: list[str] | None = None,
                    pooled: bool = False, dataset=None, **more):
    """Score every run folder in ``results_dir`` (a folder or several) against ``gts`` with the core's one folder
    scorer (the window uses the same; ``more``: its other keywords); a file of the wrong length is refused. Its
    notes (rows dropped from a file, repetitions of which the first was scored) are said here, on stderr, for
    every caller: the demo returned the reports alone and dropped them. After the table, ``_note_reports``.
    Returns the ``FolderScores``."""
    from workbench.core.evaluation.folders import score_folder

    scores = score_folder(results_dir, gts, attrs, trackers, pooled=pooled, strict=True, dataset=dataset, **more)
    _print_notes(scores.notes)
    return scores


def _note_reports(reports, absent: str = "exclude") -> None:
    """What the table of one-pass ``reports`` does not show, said under it by eval and the demo alike: sequences
    that scored no frame (no target shown), partial runs, sequences a tracker has no result for."""
    from workbench.core.evaluation.ope import stop_said

    _note_unscored(reports, absent)
    for r in reports:
        if r.partial:
            stops = "; ".join(f"{seq}: {stop_said(rec)}" for seq, rec in sorted(r.partial.items())[:3])
            print(f"note: {r.tracker}: {len(r.partial)} partial run(s), scored with the frames after the stop as "
                  f"failures: {stops}{' ...' if len(r.partial) > 3 else ''}", file=sys.stderr)
        if r.missing:
            print(f"note: {r.tracker} has no results for {len(r.missing)} sequence(s): "
                  f"{', '.join(r.missing[:5])}{' ...' if len(r.missing) > 5 else ''}", file=sys.stderr)


def _write_outputs(reports, json_path=None, csv_path=None, plots_dir=None, title="", convention=None,
                   bom: bool = False) -> list[Path]:
    from workbench.core.evaluation.plots import export_csv, export_json

    written = []
    if json_path:
        written.append(export_json(reports, json_path))
    if csv_path:
        written.append(export_csv(reports, csv_path, bom))
    if plots_dir:
        written += _marked_plots(reports, plots_dir, title, convention)
    return written


def _marked_plots(reports, plots_dir, title: str, convention: str | None) -> list[Path]:
    """eval's plots with the report's marks (``report.marked``): a tracker scored on fewer sequences than the others
    (its means over another set) carries a dagger in the legends, said in the footer, and a partial run its *; it was
    drawn and ranked beside the others unmarked (a tracker on 1 of 6 sequences above one on all 6)."""
    from workbench.core.evaluation.ope import CONVENTION_SHORT
    from workbench.core.evaluation.plots import export_plots
    from workbench.core.evaluation.report import FEWER, fewer_sequences, marked

    from workbench.core.evaluation.rgbt import rule_of

    fewer = fewer_sequences(reports)
    rule = rule_of(reports)  # (its line, which export_plots puts in place of a one-pass one, keeps the dagger's)
    footer = (rule.convention_short() if rule else convention or CONVENTION_SHORT) + (
        f" · {FEWER} fewer sequences: not comparable" if fewer else "")
    return export_plots(reports, plots_dir, title=title, convention=footer,
                        labels={r.tracker: marked(r, fewer) for r in reports})


def _tracker_labels(value: str | None) -> list[str] | None:
    """``--trackers`` of eval, report, export-video and export-results: the labels given (None: every run). A
    trailing comma (kcf,) was "no results for tracker ''" in eval and report, and an empty list (--trackers ,)
    exported or drew every run as if the option was not given."""
    if value is None:
        return None
    names = list(dict.fromkeys(t.strip() for t in value.split(",") if t.strip()))
    if not names:
        raise WorkbenchError(f"--trackers {value!r}: give run labels, comma-separated (e.g. kcf,mil), or leave "
                             "--trackers out for every run")
    return names


def _results_folders(roots) -> None:
    """Each of ``roots`` (the commands' results folders) is a folder, else one line naming it; one given twice
    (the same folder by two spellings too), or one inside another given, is refused: its runs were scored as two
    trackers, ``kcf`` and ``kcf'`` (``d:kcf`` and ``res:kcf``)."""
    seen: dict = {}
    for r in roots:
        key = Path(r).resolve() if Path(r).is_dir() else None
        if key is not None and key in seen:
            raise WorkbenchError(f"{r}: results folder given twice ({seen[key]} already): its runs would be scored "
                                 "as two trackers; give it once")
        for other, given in seen.items() if key is not None else ():
            if other in key.parents or key in other.parents:  # (res and res/DATASET: each run scored twice)
                inner, outer = (r, given) if other in key.parents else (given, r)
                raise WorkbenchError(f"{inner}: inside {outer}, also given: its runs would be scored twice, as two "
                                     "trackers; give one of them")
        if key is not None:
            seen[key] = r
        if Path(r).exists() and not Path(r).is_dir():  # said as missing: the user looked for a typo
            raise WorkbenchError(f"{r}: is a file, not a results folder; give the folder holding the runs (the --out "
                                 "of `workbench run`)")
        if not Path(r).is_dir():
            raise WorkbenchError(f"{r}: no such results folder")


def _eval_roots(args) -> list[str]:
    roots = list(args.results) + list(args.more_results)
    if not roots:
        raise WorkbenchError("workbench eval: give a results folder (DIR ... or --results DIR)")
    _results_folders(roots)
    return roots


def cmd_eval(args) -> int:
    from workbench.core.results import no_empty_outputs

    # --plots (and --json's / --csv's folders) are made by their first write: a failed one (a full disk) or Ctrl-C
    # left the folders it made empty; those are removed again (a folder that was there is left)
    with no_empty_outputs(args.plots, args.json, args.csv):
        return _cmd_eval(args)


def _cmd_eval(args) -> int:
    from workbench.core.evaluation.ope import convention_short
    from workbench.core.evaluation.plots import format_table

    check_bom_given(args.csv_bom, "--csv", args.csv, "the --csv file", "FILE")  # eval's one CSV is --csv's
    roots = _eval_roots(args)
    keep_existing(_eval_outputs(args), args.force)
    # a folder given for a file (or the reverse), or one file for two outputs, was found after the scoring
    from workbench.core.results import check_outputs

    check_outputs({"--plots": args.plots}, {"--json": args.json, "--csv": args.csv}, make=False)
    if args.eao_range is not None and args.protocol != "vot":  # taken and not used without a word
        print(f"note: --eao-range sets the EAO interval of --protocol vot; not used by --protocol {args.protocol}",
              file=sys.stderr)
    if args.protocol in ("vot", "got10k"):
        vot_only = ("--per-sequence",) if args.protocol == "vot" else ()  # got10k has its per-sequence rows
        _one_pass_only(args, "--attributes", "--pooled", "--absent", *vot_only)
    skipped = []
    (gts, attrs, name, offsets, entries), truths = _rgbt_truths(args, skipped)
    trackers = _tracker_labels(args.trackers)
    if args.protocol == "vot":
        return _eval_vot(args, roots, gts, offsets, entries, name, trackers)
    if args.protocol in ("tre", "sre"):
        return _eval_robustness(args, roots, gts, offsets, name, trackers, _levels(args.dataset, name, entries))
    unmarked = _unmarked(args)
    if args.protocol == "got10k":
        return _eval_got10k(args, roots, gts, attrs, offsets, entries, name, trackers, unmarked)
    try:
        scores = evaluate_folder(roots if len(roots) > 1 else roots[0], gts, attrs, trackers, pooled=args.pooled,
                                 dataset=_levels(args.dataset, name, entries), offsets=offsets,
                                 unmarked=unmarked, absent=args.absent, rgbt=truths)
    except WorkbenchError as exc:
        if not skipped:
            raise
        names = ", ".join(name for name, _ in skipped[:3]) + (" ..." if len(skipped) > 3 else "")
        raise WorkbenchError(f"{exc}; unreadable, not scored: {names} (the warnings above say why)") from None
    reports = scores.reports
    _note_unmarked(roots, _levels(args.dataset, name, entries), offsets, unmarked)
    print(format_table(reports, with_sequences=args.per_sequence,
                       convention=convention_short(args.absent, args.pooled)))
    if args.attributes:
        from workbench.core.evaluation.plots import format_attribute_table

        print()
        print(format_attribute_table(reports))
    _note_reports(reports, args.absent)
    for p in _write_outputs(reports, args.json, args.csv, args.plots, title=name,  # (as TRE / SRE's name it)
                            convention=convention_short(args.absent, args.pooled), bom=args.csv_bom):
        print(f"wrote {p}")
    return 0


def _note_unscored(reports, absent: str) -> None:
    """A line for each tracker with sequences that scored no frame: 0.000 over 0 frames said nothing of why
    (a groundtruth that shows no target in the frames tracked; those frames are left out)."""
    for r in reports:
        empty = sorted(seq for seq, c in r.sequences.items() if not c.frames)
        if not empty:
            continue
        names = ", ".join(empty[:5]) + (" ..." if len(empty) > 5 else "")
        why = ("their groundtruth shows no target (NaN or zero-size boxes, or absent flags) in the frames tracked, "
               "and such frames are left out" + ("; --absent failure scores them as failures"
                                                 if absent == "exclude" else ""))
        if r.overall.frames:
            print(f"note: {r.tracker}: {len(empty)} sequence(s) scored no frame and are left out of the mean: "
                  f"{names}: {why}", file=sys.stderr)
        else:
            print(f"note: {r.tracker}: no frame scored (the 0.000 above is no score): {names}: {why}",
                  file=sys.stderr)


def _eval_outputs(args) -> list[tuple[str, Path]]:
    """The files ``eval`` writes: --json, --csv and the plots it draws into --plots (EAO for VOT)."""
    from workbench.core.evaluation.plots import PLOT_FORMATS, plot_files

    out = [("--json", args.json), ("--csv", args.csv)]
    if args.plots:
        files = ([Path(args.plots) / f"eao.{fmt}" for fmt in PLOT_FORMATS] if args.protocol == "vot"
                 else plot_files(args.plots))  # (as export_plots names them)
        out += [("--plots", f) for f in files]
    return out


def _one_pass_only(args, *flags) -> None:
    """Refuse the one-pass options of ``flags`` that a protocol's scores do not follow (they were ignored)."""
    given = {"--attributes": args.attributes, "--pooled": args.pooled, "--absent": args.absent != "exclude",
             "--per-sequence": args.per_sequence}
    used = [f for f in flags if given[f]]
    if used:
        rule = {"vot": "VOT's own rules", "got10k": "the GOT-10k toolkit's rule (frames pooled, absent-target frames "
                                                   "left out)"}[args.protocol]
        raise WorkbenchError(f"{', '.join(used)}: not for --protocol {args.protocol}, whose scores follow {rule}; "
                             "drop it")


def _eval_got10k(args, roots, gts, attrs, offsets, entries, name, trackers, unmarked) -> int:
    from workbench.core.evaluation import got10k
    from workbench.core.evaluation.folders import NO_TARGET_OUTCOME, no_target_notes, score_folder
    from workbench.core.results import write_json

    if args.csv or args.plots:
        raise WorkbenchError("--csv and --plots are for success / precision scores; use --json with --protocol got10k")
    levels = _levels(args.dataset, name, entries)
    scores = score_folder(roots if len(roots) > 1 else roots[0], gts, attrs, trackers, strict=True, dataset=levels,
                          offsets=offsets, unmarked=unmarked, repetitions_pooled=True)
    sizes = _image_sizes(entries, gts)  # the toolkit clips boxes to the image
    reports = got10k.evaluate(scores, gts, attrs, sizes)
    _print_notes(scores.notes)
    _print_notes(no_target_notes(reports, gts, NO_TARGET_OUTCOME["got10k"]))
    _note_unmarked(roots, levels, offsets, unmarked)
    print(got10k.format_table(reports, with_sequences=args.per_sequence))
    if args.json:
        print(f"wrote {write_json(args.json, got10k.report_dict(reports))}")
    return 0


def _image_sizes(entries, gts, regions: dict | None = None) -> dict:
    """{sequence: (width, height)} of each of ``entries`` in ``gts``, one frame read per sequence (the
    GOT-10k toolkit clips boxes to the image, the VOT toolkit bounds regions by it). ``regions``, when
    given, gets the groundtruth file's polygons of the sequences that have them, as the VOT toolkit reads them."""
    sizes = {}
    for e in entries:
        seq = e.open()
        if seq.name in gts:
            f = seq.frame(0)
            sizes[seq.name] = (f.shape[1], f.shape[0])
            if regions is not None and getattr(seq, "regions", None) is not None:
                regions[seq.name] = seq.regions
    return sizes


def _note_unmarked(roots, dataset: str, offsets: dict, unmarked) -> None:
    """A flat folder without a manifest on 1-based data is ambiguous (ours before the convention, or
    pysot-toolkit's): say how it was read instead of being silently a pixel off."""
    from workbench.core.results import find_runs_in

    if unmarked is not None or not any(offsets.values()):
        return
    for r in find_runs_in(roots if len(roots) > 1 else roots[0], dataset):
        if r.manifest is None and r.layout == "flat":
            print(f"note: {r.label}: no manifest; read as 0-based (our files before results followed the dataset). "
                  f"Results of pysot-toolkit and other toolkits are 1-based here: pass --results-convention file "
                  f"or put {{\"boxes\": \"dataset file\"}} in {r.folder / 'manifest.json'}", file=sys.stderr)


def _eval_robustness(args, roots, gts, offsets, name, trackers, levels=None) -> int:
    from workbench.core.evaluation.folders import NO_TARGET_OUTCOME, no_target_notes
    from workbench.core.evaluation.plots import export_csv, export_json, format_table
    from workbench.core.evaluation.ope import ABSENT_SHORT
    from workbench.core.evaluation.robustness import (CONVENTION, CONVENTION_SHORT, PARTIAL_NOTE,
                                                      score_robustness_folder)

    if args.attributes:
        raise WorkbenchError(f"--attributes is for one-pass scores (a {args.protocol.upper()} run starts at other frames)")
    notes: list[str] = []  # run files longer than their sequence, cut
    reports = score_robustness_folder(roots if len(roots) > 1 else roots[0], args.protocol, gts, offsets,
                                      dataset=levels or name, trackers=trackers, pooled=args.pooled,
                                      absent=args.absent, notes=notes)
    _print_notes(notes)
    convention = reports[0].convention if reports else CONVENTION[args.protocol]
    if args.pooled:
        convention = convention.replace("frames pooled over sequences", "frames pooled over sequences (--pooled)")
    print(format_table(reports, with_sequences=args.per_sequence, convention=convention, partial_note=PARTIAL_NOTE))
    if args.absent == "exclude":  # under the other rules its frames are scored (as failures)
        _print_notes(no_target_notes(reports, gts, NO_TARGET_OUTCOME["exclude"]))
    for r in reports:
        if r.partial:
            seqs = ", ".join(f"{seq} ({rec['runs']} of {rec['planned']} runs)" for seq, rec in sorted(r.partial.items())[:3])
            print(f"note: {r.tracker}: scored on the runs there are: {seqs}{' ...' if len(r.partial) > 3 else ''}",
                  file=sys.stderr)
        if r.missing:
            print(f"note: {r.tracker} has no {args.protocol.upper()} results for {len(r.missing)} sequence(s): "
                  f"{', '.join(r.missing[:5])}{' ...' if len(r.missing) > 5 else ''}", file=sys.stderr)
    written = [export_json(reports, args.json)] if args.json else []
    written += [export_csv(reports, args.csv, args.csv_bom)] if args.csv else []
    written += _marked_plots(reports, args.plots, f"{args.protocol.upper()} {name}",
                             CONVENTION_SHORT[args.protocol] + (
                                 f"; {ABSENT_SHORT[args.absent]}" if args.absent != "exclude" else "")) \
        if args.plots else []
    for p in written:
        print(f"wrote {p}")
    return 0


def _eval_vot(args, roots, gts, offsets, entries, name, trackers) -> int:
    from workbench.core.evaluation import vot
    from workbench.core.evaluation.folders import NO_TARGET_OUTCOME, no_target_notes
    from workbench.core.results import write_json

    if args.csv:
        raise WorkbenchError("--csv is for one-pass scores; use --json with --protocol vot")
    eao_range = args.eao_range if args.eao_range is not None else "%d,%d" % vot.EAO_RANGE  # the VOT2017 stack
    try:
        lo, hi = (int(v) for v in eao_range.split(","))
        if not 0 <= lo <= hi:
            raise ValueError
    except ValueError:
        raise WorkbenchError(f"--eao-range expects LOW,HIGH frames (0 <= LOW <= HIGH), got {eao_range!r}") from None
    regions = {}
    sizes = _image_sizes(entries, gts, regions)  # the VOT toolkit bounds regions by the image
    reports = vot.score_vot_folder(roots if len(roots) > 1 else roots[0], gts, offsets, sizes,
                                   dataset=_levels(args.dataset, name, entries),
                                   trackers=trackers, eao_range=(lo, hi), regions=regions)
    print(vot.format_table(reports))
    _print_notes(no_target_notes(reports, gts, NO_TARGET_OUTCOME["vot"]))
    for r in reports:
        if r.curve.size <= lo:
            print(f"note: {r.tracker}: EAO is nan: its longest segment ({r.curve.size} frames) is shorter than the "
                  f"EAO interval {lo}..{hi}; pass a shorter --eao-range", file=sys.stderr)
    if args.json:
        print(f"wrote {write_json(args.json, vot.report_dict(reports))}")
    if args.plots:
        for p in vot.export_eao_plot(reports, args.plots):
            print(f"wrote {p}")
    return 0


@_no_empty_out
def cmd_report(args) -> int:
    from workbench.core.evaluation.report import HTML_NAME, TEX_NAME, write_report

    _results_folders(args.results)
    keep_existing([("--out", Path(args.out) / name) for name in (HTML_NAME, TEX_NAME)], args.force)
    out = out_folder(args.out)
    skipped = []
    (gts, attrs, name, offsets, entries), truths = _rgbt_truths(args, skipped)
    trackers = _tracker_labels(args.trackers)
    unmarked = _unmarked(args)
    levels = _levels(args.dataset, name, entries)
    files = write_report(args.results, out, gts, attrs, offsets, dataset=levels, trackers=trackers, strict=True,
                         title=args.title or name, problems=[note for _, note in skipped], unmarked=unmarked,
                         absent=args.absent, rgbt=truths)
    _print_notes(files.problems[len(skipped):])  # files read with a change (rows dropped), as eval says them
    _note_unmarked(args.results, levels, offsets, unmarked)
    print(f"wrote {files.html}\nwrote {files.tex}")
    return 0


def cmd_export_video(args) -> int:
    from workbench.core.data import open_sequence
    from workbench.core.jobs import JobContext, TextProgress
    from workbench.core.results import file_box_offset
    from workbench.core.runs import alone_names, sequence_place
    from workbench.core import video

    check_options([("--fps", args.fps, between(*video.FPS_RANGE, note="the rates a video is written at"))])
    try:
        cube_colour = video.cube_colour_arg(args.cube_colour)
    except ValueError as exc:
        raise WorkbenchError(f"--cube-colour {exc}") from None
    _results_folders(args.results)
    target, source = video.video_path(args.out), Path(args.sequence)  # x.txt: refused (was written as x.mp4)
    _print_notes(filter(None, [video.added_suffix(args.out)]))
    # --force replaced the user's video with the boxes drawn over it, as hsi-convert refuses to (with its .avi
    # twin: where mp4v is missing the video goes to OUT.avi)
    if source.is_file() and any(t.is_file() and t.samefile(source) for t in (target, target.with_suffix(".avi"))):
        raise WorkbenchError(f"--out {args.out}: is the video of --sequence {args.sequence}, which the export reads; "
                             "give another file name")
    keep_existing([("--out", target)], args.force)
    seq = open_sequence(args.sequence)
    _warn(seq)
    video.check_cube_colour(seq, cube_colour)  # before any run is looked for
    trackers = _tracker_labels(args.trackers)
    place = sequence_place(seq, args.sequence)
    # its runs are stored under the folder a run was given: the one holding it (--sequence) or a dataset
    # root above it (--dataset on a LaSOT root, a GOT-10k root or split, a UAV123 root), and its own name, where
    # earlier versions stored `run --dataset SEQ` (``runs.dataset_names``); a run under a root's name is read only
    # where its recorded root holds the sequence (data/ names other datasets' same-named sequences too)
    dataset = alone_names(place, seq.name)
    unmarked = _unmarked(args)
    notes: list[str] = []
    try:
        runs = video.runs_from_folders(seq, args.results, trackers, dataset=dataset, unmarked=unmarked, notes=notes)
    finally:  # also where no run is found: runs under a wider name left out for want of a recorded root
        _print_notes(dataset.rootless_notes())
    _print_notes(notes)
    _note_unmarked(args.results, dataset, {seq.name: file_box_offset(seq)}, unmarked)
    per_tracker = bool(args.map) and len(runs) > 1  # a panel per tracker, each with its own map

    def say(line):
        print(line, file=sys.stderr)

    if args.map:  # a tracker re-run for its maps reads each frame as the video does: read once (video.LastFrame)
        seq = seq.with_frames(video.LastFrame(seq.frames))
    try:
        lacking = []
        for r in runs if args.map else ():
            try:
                # re-run as the video is written (the video's progress is its too)
                r.maps = video.tracker_maps(seq, r, args.map, say, JobContext(), lazy=True)
                if isinstance(r.maps, video.RerunMaps):
                    r.maps.fallible = per_tracker
            except WorkbenchError as exc:
                if not per_tracker:
                    raise
                say(f"warning: {exc}; its panel shows its boxes only")
                lacking.append(r.label)
        if per_tracker and len(lacking) == len(runs):
            raise WorkbenchError(f"no tracker has {args.map!r} maps to blend ({', '.join(lacking)}: the warnings "
                                 "above say why)")
        res = video.write_video(seq, runs, args.out, fps=args.fps, map_name=args.map,
                                map_tracker=runs[0].label if args.map else None, show_gt=not args.no_gt,
                                ctx=JobContext(TextProgress(f"video {seq.name}")), per_tracker=per_tracker,
                                overwrite=args.force, cube_colour=cube_colour)
    except KeyboardInterrupt as stop:  # it kept nothing, and said only 'interrupted'
        how = stop_name(stop)
        kept = getattr(stop, "video_kept", None)
        there = "is as it was" if target.exists() else "was not written"
        print(f"export-video stopped ({how}): " + (
            f"frames 1..{kept[1]} of {kept[2]} kept in {kept[0]} (a video up to there); {target} {there}"
            if kept else f"nothing kept; {target} {there}") + "; the same command again writes it whole",
            file=sys.stderr, flush=True)
        raise
    finally:
        for r in runs:  # saved maps are read from their files a frame at a time (video.SavedMaps)
            getattr(r.maps, "close", lambda: None)()
    if res.message:
        print(f"note: {res.message}", file=sys.stderr)
    panels = f"; a panel per tracker, each with its own {args.map!r} map" if res.panels > 1 else ""
    if res.panels > 1 and lacking:  # "each with its own map" where a panel has none: said which
        has = [r.label for r in runs if r.label not in lacking]
        panels = (f"; a panel per tracker: {', '.join(has)} with {'its' if len(has) == 1 else 'their'} own "
                  f"{args.map!r} map{'' if len(has) == 1 else 's'}; {', '.join(lacking)} with "
                  f"{'its' if len(lacking) == 1 else 'their'} boxes only, no {args.map!r} maps (the warning above "
                  "says why)")
    print(f"wrote {res.path} ({res.frames} frame{'' if res.frames == 1 else 's'}, {', '.join(r.label for r in runs)}"
          f"{panels})")
    return 0


def _print_notes(notes) -> None:
    for n in notes or ():
        print(f"note: {n}", file=sys.stderr)


def cmd_export_results(args) -> int:
    from workbench.core import results, rgbt_export
    from workbench.core.toolkits import RGBT_EXPORT_TOOLKITS

    # the RGB-T toolkits' names and rows (corners): rgbt_export, over the flat export
    export_results = rgbt_export.export_results if args.toolkit in RGBT_EXPORT_TOOLKITS else results.export_results

    roots = list(args.results)
    _results_folders(roots)
    names = {}
    for item in args.name:
        label, sep, folder = item.partition("=")
        if not sep or not label.strip() or not folder.strip():
            raise WorkbenchError(f"--name {item}: give LABEL=FOLDER, e.g. kcf=KCF")
        names[label.strip()] = folder.strip()
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise WorkbenchError(f"--out {out}: exists and is not a folder")
    offsets = levels = frames = None
    if args.dataset:
        gts, _attrs, name, offsets, entries = _load_dataset(args.dataset, with_offsets=True)
        levels = _levels(args.dataset, name, entries)
        frames = {seq: len(gt) for seq, gt in gts.items()}  # a file of another length: as eval reads it
    trackers = _tracker_labels(args.trackers)

    def said(r) -> None:  # as each tracker is whole: an interrupted export has said what it wrote
        _print_notes(r.notes)
        if r.manifest_added:  # an older LasHeR export: its boxes as now, the manifest eval reads them by added
            print(f"boxes unchanged, manifest added: {r.folder} holds the {len(r.files)} box "
                  f"file{'' if len(r.files) == 1 else 's'} already (not rewritten), without the "
                  f"{r.manifest.name} saying how workbench eval reads them; wrote {r.manifest.name}", flush=True)
        elif r.unchanged:  # the same export again (every layout): nothing written
            print(f"unchanged: {r.folder} holds the same {r.said()} already; nothing written", flush=True)
        elif r.files:
            print(f"wrote {r.said()} to {r.folder}", flush=True)  # "2 file(s)" counted the box files alone

    try:
        written = export_results(roots if len(roots) > 1 else roots[0], out, args.toolkit, trackers,
                                 dataset=levels, offsets=offsets, unmarked=_unmarked(args), names=names,
                                 on_written=said, frames=frames)
    except KeyboardInterrupt as stop:
        done, left = getattr(stop, "exported", None), getattr(stop, "not_exported", None)
        if done is not None and left:
            how = stop_name(stop)
            names = [r.label or r.folder.name for r in done]  # the 'wrote' lines above name each
            whole = ", ".join(names) if len(names) <= 6 else f"{', '.join(names[:3])}, ..., {names[-1]}"
            print(f"export-results stopped ({how}): {len(done)} of {len(done) + len(left)} runs exported whole"
                  + (f" ({whole})" if done else "") + f"; {left[0]} was being exported: nothing of it is left in "
                  f"{out}; to export the rest, the same command with --trackers {','.join(left)}",
                  file=sys.stderr, flush=True)
        raise
    if not any(r.files for r in written):
        raise WorkbenchError(f"nothing exported for {args.toolkit}: every file was left out (the notes above say why)")
    return 0


def cmd_demo(args) -> int:
    import shutil

    from workbench.core.registry import default_registry
    from workbench.core.results import first_missing

    check_options([("--frames", args.frames, at_least(2))])
    reg = default_registry()
    if args.trackers is not None:
        names = list(dict.fromkeys(t.strip() for t in args.trackers.split(",") if t.strip()))
        trackers = ", ".join(p.name for p in reg.by_kind("tracker")) or "none"
        if not names:
            raise WorkbenchError(f"--trackers {args.trackers!r}: give tracker names (trackers: {trackers})")
        for name in names:  # a name that is no tracker is said before the demo is made, not after
            kind = reg.get(name).kind
            if kind != "tracker":
                raise WorkbenchError(f"--trackers: {name!r} is a {kind}, not a tracker (trackers: {trackers})")
    else:
        names = [p.name for p in reg.by_kind("tracker") if not p.uses_torch and p.name in DEMO_BASELINES]
    if not names:
        raise WorkbenchError("no tracker plugins could be loaded: " +
                             "; ".join(f"{f.name}: {f.error}" for f in reg.failed.values()))
    if not args.force:
        _demo_out_unused(Path(args.out))
    made = first_missing(args.out)  # the folder this command makes (with those above it that are missing), if any
    try:
        return _demo(args, reg, names, out_folder(args.out))  # made here: after the checks of the numbers and names
    except BaseException:  # a failed write (a full disk), Ctrl-C: a folder the demo made is removed with what it
        if made is not None:  # wrote (it held no more than that); one that was there is left as it is
            shutil.rmtree(made, ignore_errors=True)
        raise


def _demo(args, reg, names, out: Path) -> int:
    from workbench.core.data import open_sequence
    from workbench.core.methods import MethodError, plugin_traceback
    from workbench.core.data.synthetic import write_demo
    from workbench.core.evaluation.plots import format_table
    from workbench.core.results import atomic_write_text

    _drop_earlier_demo_results(out)
    atomic_write_text(out / DEMO_MARKER, "written by workbench demo: run it again to write over this folder\n"
                      f"{DEMO_TRACKERS_LINE}{', '.join(names)}\n")
    print(f"making the demo sequence ({args.frames} frames, 16-bit thermal) in {out / 'data'}")
    _drop_stale_demo_frames(out / "data" / DEMO_SEQUENCE / "img", args.frames)
    seq_dir = write_demo(out / "data", frames=args.frames, name=DEMO_SEQUENCE)
    seq = open_sequence(seq_dir)
    gts = {seq.name: seq.groundtruth}
    attrs = {seq.name: seq.attributes}
    ran, bugs = [], []
    for name in names:
        try:
            plugin = reg.get(name)
            _track(plugin, plugin.default_config(), "auto", [seq], out / "results", name)
            ran.append(name)
        except WorkbenchError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
        except MethodError as exc:  # a bug inside one plugin's call: said with its traceback, the others scored
            print(plugin_traceback(exc), end="", file=sys.stderr)
            print(f"skipped {name}: {exc}", file=sys.stderr)
            bugs.append(name)
    reports = evaluate_folder(out / "results", gts, attrs, ran).reports
    print()
    print(format_table(reports))
    _note_reports(reports)
    written = _write_outputs(reports, out / "scores.json", out / "scores.csv", out / "plots",
                             title="Demo (synthetic thermal)", bom=args.csv_bom)
    print(f"\nwrote {len(written)} files: scores.json, scores.csv and plots/ (PNG, SVG, PDF) under {out}")
    if bugs:
        print(f"workbench: error: {', '.join(bugs)} failed inside the plugin (traceback above); the others are "
              "scored", file=sys.stderr)
        return 1
    return 0


# Baselines the headless demo runs when no --trackers is given (those that need no weights first).
DEMO_BASELINES = ("kcf", "dsst", "kcf_dsst", "mil", "nanotrack")
DEMO_SEQUENCE = "demo_thermal"  # the demo's sequence folder under <out>/data
DEMO_MARKER = ".workbench-demo"  # what tells an earlier demo's folder from a user's folder of the same names
# what the demo writes into --out
DEMO_OUTPUTS = ("data", "results", "scores.json", "scores.csv", "plots", DEMO_MARKER)


def _demo_out_unused(out: Path) -> None:
    """``demo --out`` without --force: a folder that holds only an earlier demo's outputs (``DEMO_OUTPUTS``, and
    its ``DEMO_MARKER``, or from before the marker a ``data/`` of the demo's sequence alone) is written over, with
    a note, so that the README's demo command can be run again; a folder that holds anything else (a user's files,
    a ``plots/`` and ``data/`` of their own) is refused before any work, saying what is there; a new or empty
    folder is used."""
    try:
        held = sorted(out.iterdir(), key=lambda p: (p.name not in DEMO_OUTPUTS, p.name)) if out.is_dir() else []
    except OSError:
        return  # an unreadable folder: writable_folder says what is wrong with it
    if not held:
        return
    foreign = [p for p in held if p.name not in DEMO_OUTPUTS]
    if not foreign and not (out / DEMO_MARKER).is_file():
        try:
            data = sorted(p.name for p in (out / "data").iterdir()) if (out / "data").is_dir() else []
        except OSError:
            data = []
        if data != [DEMO_SEQUENCE]:  # no earlier demo's: the user's own folders of the same names
            foreign = [p for p in held if p.name != DEMO_MARKER]
    if not foreign:
        print(f"note: --out {out} holds an earlier demo; writing the demo over it (its data/, results/, scores and "
              "plots/)", file=sys.stderr)
        return
    shown = ", ".join(p.name + ("/" if p.is_dir() else "") for p in foreign[:4]) + (" ..." if len(foreign) > 4 else "")
    raise WorkbenchError(f"--out {out}: is not empty ({shown}: not an earlier demo's); pass --force to write "
                         "the demo into it (its data/, results/, scores.json, scores.csv and plots/ are written over, "
                         "other files left as they are), or give a new or empty folder")


DEMO_TRACKERS_LINE = "trackers: "  # the marker's line naming the trackers whose results the demo wrote


def _drop_earlier_demo_results(out: Path) -> None:
    """The results an earlier demo in ``out`` wrote (``results/data/<tracker>``) are removed before this one runs: a
    demo with other --trackers left them beside its sequence (a 150-frame demo's kcf_dsst and mil beside a 20-frame
    one), and ``eval <out>/results --dataset <out>/data`` scored them against it. Only a folder of a tracker the
    earlier demo's ``DEMO_MARKER`` names (a marker written before it named them: the demo's baselines) and that
    holds nothing but the demo sequence's files is removed; anything else (a user's files, --force) is left."""
    import shutil

    try:
        said = (out / DEMO_MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return  # no earlier demo's marker: no earlier demo's results to tell from a user's
    named = [ln[len(DEMO_TRACKERS_LINE):] for ln in said if ln.startswith(DEMO_TRACKERS_LINE)]
    earlier = [t.strip() for t in named[0].split(",") if t.strip()] if named else list(DEMO_BASELINES)
    for name in earlier:
        folder = out / "results" / "data" / name
        if not name or Path(name).name != name or name in (".", "..") or not folder.is_dir() or folder.is_symlink():
            continue
        try:
            files = [p for p in folder.rglob("*") if not p.is_dir()]
        except OSError:
            continue
        if all(p.name.startswith(DEMO_SEQUENCE) or p.name == "manifest.json" for p in files):
            shutil.rmtree(folder, ignore_errors=True)


def _drop_stale_demo_frames(img: Path, frames: int) -> None:
    """The frames of an earlier, longer demo beyond ``frames`` (``NNNN.png``, 1-based), which a demo written over it
    (--force) would leave behind: its groundtruth has ``frames`` rows, so the sequence no longer opened."""
    if not img.is_dir():
        return
    for p in img.glob("[0-9][0-9][0-9][0-9].png"):
        if int(p.stem) > frames:
            p.unlink()


def cmd_list(args) -> int:
    from workbench.core.registry import default_registry

    if args.dataset is not None:  # (--dataset "", which listed the plugins as if not given: _refuse_empty_paths)
        return _list_dataset(args.dataset)
    reg = default_registry()
    if args.settings:
        return _list_settings(reg.get(args.settings))
    for kind in ("tracker", "segmenter", "detector"):
        plugins = reg.by_kind(kind)
        if plugins:
            print(f"{kind}s:")
            for p in plugins:
                caps = f"  ({', '.join(p.capabilities)})" if p.capabilities else ""
                print(f"  {p.name:<14} {p.title}  [{', '.join(p.modalities)}]{caps}")
    for f in reg.failed.values():
        print(f"failed to load: {f.name}: {f.error}")
    return 0


def _list_settings(plugin) -> int:
    """One line per setting: name, default, allowed values, help (advanced ones marked)."""
    import dataclasses

    if plugin.config is None:
        print(f"{plugin.name} takes no settings")
        return 0
    print(f"settings of {plugin.name} ({plugin.title}); use --set KEY=VALUE:")
    for f in dataclasses.fields(plugin.config):
        meta = f.metadata or {}
        default = f.default if f.default is not dataclasses.MISSING else (
            f.default_factory() if f.default_factory is not dataclasses.MISSING else None)
        if meta.get("choices"):
            allowed = "one of " + ", ".join(map(str, meta["choices"]))
        elif "min" in meta or "max" in meta:
            allowed = f"{meta.get('min', '')}..{meta.get('max', '')}"
        else:
            from workbench.core.registry import optional_type

            number = optional_type(f, plugin.config) if default is None else None  # `float | None`: a number
            allowed = type(default).__name__ if default is not None else (
                f"{number.__name__}, or empty" if number is not None else "text")
        adv = " (advanced)" if meta.get("advanced") else ""
        print(f"  {f.name} = {default!s}  [{allowed}]{adv}")
        if meta.get("help"):
            print(f"      {one_line(meta['help'], 1000)}")
    return 0


def _list_dataset(root: str) -> int:
    """Every sequence of a dataset root: good ones with their size, bad ones marked with their error
    (one line each, never stopping at the first); exit status 2 when any entry is bad."""
    from workbench.core.data import open_dataset
    from workbench.core.evaluation.plots import padded

    from workbench.core.data.detect import _close
    from workbench.core.data.masks import mask_files

    check_dataset_path(root)  # (FILE.h5:/name, one dataset of an HDF5 file, is one sequence, as run opens it)
    entries = open_dataset(root, errors="collect", opened=False)  # each opened once, below
    print(f"{len(entries)} sequence(s) in {root}")
    bad = []
    for e in entries:
        seq = e.try_open() if e.error is None else None
        if seq is None:
            bad.append(e)
            print(f"  {padded(e.name, 28)} {e.layout:<9} BAD: cannot be read (the error is below)")
            continue
        _warn(seq)
        tags = ", ".join(seq.tags())
        # a mask set (SIRST, SIRST-V2) is labelled by its masks: "no gt" read as unlabelled
        masks = getattr(seq, "masks", None) is not None or mask_files(seq) is not None
        labels = ("gt+masks" if masks else "gt") if seq.has_groundtruth else ("masks" if masks else "no gt")
        print(f"  {padded(seq.name, 28)} {e.layout:<9} {len(seq):>6} frames  {seq.modality:<5}"
              f"  {labels}{'  [' + tags + ']' if tags else ''}")
        _close(seq)  # an HDF5 file per sequence is not kept open for the whole listing
    deeper = _unlisted_folders(root, entries)
    if deeper:  # 9 of the 22 sequences of a data folder listed, and not a word of the rest
        names = ", ".join(str(p.relative_to(root)) for p in deeper[:6]) + (" ..." if len(deeper) > 6 else "")
        print(f"note: not looked into: {len(deeper)} folder{'s' if len(deeper) != 1 else ''} two levels below {root} "
              f"(a listing looks one level into a folder that is no sequence, not further): {names}; give one as "
              f"--dataset to list (run, eval) its sequences, e.g. `workbench list --dataset {deeper[0]}`",
              file=sys.stderr)
    if bad:
        for e in bad:
            print(f"workbench: error: {e.error}", file=sys.stderr)
        print(f"workbench: error: {len(bad)} of {len(entries)} sequence(s) in {root} cannot be read (marked BAD "
              f"above); the others are listed", file=sys.stderr)
        return 2
    return 0


def _unlisted_folders(root, entries) -> list[Path]:
    """The folders two levels below ``root`` that ``open_dataset`` did not look into and that may hold sequences: a
    dataset listing takes the root's children and, in a child that is no sequence, its children (``detect``'s
    ``nested``), no deeper (a DAUB or UAV123 root in data/irst/ or data/tracking/). A folder no listed sequence lies
    in, that holds a folder or a file a reader may take (an image, a video, a cube), and is no mask set's labels nor
    a folder of a dataset root a layout listed."""
    from workbench.core.data.detect import _module
    from workbench.core.data.images import is_image
    from workbench.core.data.maskseq_dirs import label_folders

    root = Path(root)
    if not root.is_dir():
        return []
    held = [Path(e.path) for e in entries]
    if held and all(root in p.parents and len(p.relative_to(root).parts) > 2 for p in held):
        return []  # the root is a dataset root a layout listed (UAV123's anno/<set>/<seq>.txt): its folders its own
    covered = set(held) | {a for p in held for a in p.parents}
    is_video, is_cube = _module("video").probe, _module("cube").probe

    def visible_dirs(folder: Path) -> list[Path]:
        try:
            return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and p.is_dir())
        except OSError:
            return []

    def may_hold(folder: Path) -> bool:
        try:
            return any(p.is_dir() or is_image(p) or is_video(p) or is_cube(p)
                       for p in folder.iterdir() if not p.name.startswith("."))
        except OSError:
            return False

    out = []
    for child in visible_dirs(root):
        # a child with sequences found deeper than its own folders is a dataset root its layout listed (UAV123's
        # anno/<set>/<seq>.txt): its other folders (data_seq/) are that layout's own
        if child in held or any(child in p.parents and len(p.relative_to(child).parts) > 1 for p in held):
            continue
        labels = set(label_folders(child))
        out += [g for g in visible_dirs(child) if g not in covered and g not in labels and may_hold(g)]
    return out


def cmd_bench(args) -> int:
    from workbench.core import bench

    if not args.name:
        if args.json:  # nothing was run, so nothing was written: said, not left for the user to find out
            raise WorkbenchError(f"--json {args.json}: give a benchmark name to run ("
                                 f"{', '.join(bench.available()) or 'none'}); without one they are only listed")
        print(bench.listing())  # each with where it comes from: the core's benchmarks/ or which plugin
        return 0
    mod = bench.load(args.name)
    bench.check_json_out(args.json, args.force)
    bench.write_figures(args.json, mod.run(quick=args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
