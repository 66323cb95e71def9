"""One scorer for a results folder, used by ``workbench eval``, the demo and the window alike.

A results folder holds run folders in any layout ``results.find_runs`` reads: ours,
``<dataset>/<tracker>/<variant>/<sequence>.txt`` with a ``manifest.json``, pytracking's
``<tracker>/<parameter>/<sequence>.txt``, the GOT-10k toolkit's ``<tracker>/<seq>/<seq>_001.txt`` and
flat ``<tracker>/<sequence>.txt`` (pysot-toolkit), the OTB toolkit's ``results_OPE/<seq>_<tracker>.mat``
(``core.otb_mat``); several folders can be scored together (ours beside published trackers' raw results). Runs are named by their label (``kcf``, ``kcf/search_scale=3``).
Files are matched to sequences by name, with the toolkits' other names of OTB's several-target sequences
(``Jogging.1``, ``Jogging_1``, ``Human4``: ``results.match_names``); a GOT-10k toolkit file of OTB's Tiger1
(354 rows, where the OTB toolkit and this reader start at frame 6) is read without its first 5 rows. A GOT-10k
toolkit folder with several repetitions of a sequence (``<seq>_001.txt``, ``_002.txt`` ...): the scores here are of
the first only, said in a note (not where the caller pools them: ``repetitions_pooled``); ``FolderScores.files``
lists them all for ``evaluation.got10k``, which pools them as the GOT-10k toolkit does.

Result files are in the frame of the dataset's groundtruth file (1-based for OTB-style data); each is
brought to the readers' 0-based frame with the offset its run records (``ResultRun.box_offset``), so
results and groundtruth are compared in one frame, as the GOT-10k toolkit compares the two files. A run started at frame S writes NaN rows for the frames
before S: those frames were never tracked, so they are left out of the score (not counted as
failures); S is the manifest's start frame when it has one, else the first row with a finite box. A file longer than
its sequence's groundtruth is cut to its length, as the LaSOT toolkit and pytracking cut it, with a one-line note in
``FolderScores.notes`` naming the file and the rows dropped (``results.fit_to_frames``); a shorter one cannot be
scored. A file that cannot be read or scored (malformed, too short) is skipped and the others are scored: listed in
``FolderScores.problems`` (the window shows why), or with ``strict`` (the CLI) in ``FolderScores.notes``, which
``eval`` / ``report`` print, naming the file; ``strict`` raises only when nothing could be scored (as ``eval``
scores the readable sequences of a dataset with an unreadable one, exit status 0).

Partial runs. A run that stopped early (Ctrl-C, an unreadable frame, Cancel in the window) keeps
the frames it tracked and writes NaN rows after them; its manifest marks the sequence ``partial``
with the frame and the reason. The frames after the stop are scored as failures (IoU 0, infinite
centre error), as the OTB / GOT-10k / pysot toolkits score a short or NaN result file, so a partial
score is never better than the tracker would have earned; every report flags the sequence
(``TrackerReport.partial``; ``"partial": true`` with ``partial_frame`` / ``partial_reason`` in the
JSON, a ``partial`` CSV column, a ``*`` in the table) so it is not mistaken for a whole run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.errors import WorkbenchError


# sequence-level tags that say how a sequence is labelled, not what happens in its frames (``points``: point labels,
# for the detectors; ``workbench list`` shows them): every frame of such a sequence carries it, so a per-attribute
# score of it only repeats the sequences' scores, as if it were a challenge such as occlusion
LABELLING_TAGS = ("points",)


def frame_attributes(attributes: dict | None) -> dict:
    """A sequence's attributes (``{name: bool or per-frame flags}``) less its ``LABELLING_TAGS``: what is scored
    per attribute (eval, the report, the window's plots). The caller's dict is left as it was."""
    return {k: v for k, v in (attributes or {}).items() if k not in LABELLING_TAGS}


@dataclass
class FolderScores:
    reports: list  # [TrackerReport]
    results: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # tracker -> seq -> boxes
    starts: dict[str, dict[str, int]] = field(default_factory=dict)  # tracker -> seq -> first tracked frame
    problems: list[str] = field(default_factory=list)  # files skipped (not strict), with the reason
    notes: list[str] = field(default_factory=list)  # files read with a change, one line each (rows dropped)
    # tracker -> seq -> its repetition files (the GOT-10k toolkit's <seq>_001.txt, _002 ...; the first is the one
    # in ``results``) and the x, y offset its boxes were read with: ``evaluation.got10k`` pools the repetitions
    files: dict[str, dict[str, list[Path]]] = field(default_factory=dict)
    box_offsets: dict[str, dict[str, int]] = field(default_factory=dict)


def _first_name(dataset) -> str:
    """A dataset's name when ``dataset`` is its name or its names (``results.dataset_levels``), name first."""
    return dataset if isinstance(dataset, str) else next(iter(dataset), "")


def read_run_boxes(path, n_frames: int, sequence: str, offset: int = 0) -> tuple[np.ndarray, str | None]:
    """One result file's boxes for a sequence of ``n_frames`` frames, 0-based (``offset`` subtracted from x, y),
    and a note when rows were dropped (``results.fit_to_frames``; a shorter file is a ``DataError``)."""
    from workbench.core.results import fit_to_frames, read_result_boxes

    boxes, note = fit_to_frames(read_result_boxes(path), n_frames, path, sequence)
    if offset:
        boxes = boxes - np.array([offset, offset, 0.0, 0.0])
    return boxes, note


def repetitions_note(tracker: str, run, paths: dict) -> str | None:
    """The note for a run whose GOT-10k toolkit folder holds several repetitions of the sequences ``paths``
    ({seq: its first file}) scored: one-pass scores read the first only; None when none has more than one."""
    several = {seq: run.repetition_files(p) for seq, p in paths.items() if len(run.repetition_files(p)) > 1}
    if not several:
        return None
    counts = sorted({len(r) for r in several.values()})
    seq, reps = sorted(several.items())[0]
    return (f"{tracker}: {run.folder}: {len(several)} sequence(s) with {'/'.join(map(str, counts))} repetitions "
            f"(e.g. {seq}: {', '.join(p.name for p in reps)}): scored the first ({reps[0].name}) only, as the "
            "one-pass toolkits score one run; `workbench eval --protocol got10k` pools them all as the GOT-10k "
            "toolkit does")


def first_tracked_frame(boxes: np.ndarray) -> int:
    """The start frame of a run: its first row with a finite box (0 when none is)."""
    ok = np.flatnonzero(np.all(np.isfinite(boxes), axis=1))
    return int(ok[0]) if len(ok) else 0


def root_prefixes(roots) -> list[str]:
    """The ``<root>:`` prefixes ``results.find_runs_in`` (and ``vot.protocol_folders``) put on a label that several of
    ``roots`` hold (a folder or a list of them); none for one root, or ``roots`` None."""
    roots = [] if roots is None else [roots] if isinstance(roots, (str, Path)) else list(roots)
    return [f"{Path(r).name or Path(r)}:" for r in roots] if len(roots) > 1 else []


def tracker_labels(trackers: list[str], labels, roots=None) -> list[str]:
    """The run labels ``trackers`` names: each name as it is, or, where the folders ``roots`` scored together each
    hold a run of that name (``results.find_runs_in`` prefixes them with their folder's name, ``res:kcf``,
    ``published:kcf``, and primes a label met twice, ``res:kcf'``), every one of them. Only those prefixes: a
    foreign folder's own run named ``x:kcf`` is not ``kcf``, nor is any label with one root. A name neither is stays
    as it is (said unknown by the caller)."""
    prefixes = root_prefixes(roots)
    out: list[str] = []
    for t in trackers:
        same = [k for k in sorted(labels) if k not in trackers and k.rstrip("'") in [p + t for p in prefixes]]
        for k in ([t] if t in labels or not same else same):
            if k not in out:
                out.append(k)
    return out


def score_folder(results_dir, groundtruth: dict[str, np.ndarray], attributes: dict | None = None,
                 trackers: list[str] | None = None, pooled: bool = False, strict: bool = True,
                 dataset: str | None = None, offsets: dict[str, int] | None = None,
                 unmarked: str | None = None, ctx=None, absent: str = "exclude",
                 repetitions_pooled: bool = False, rgbt: dict | None = None) -> FolderScores:
    """Score every run folder in ``results_dir`` (a folder or a list of them) against ``groundtruth``
    (``{seq: (N, 4)}``, 0-based as the readers return it).

    ``offsets``: ``{seq: 1}`` for sequences whose groundtruth file is 1-based (``file_box_offset``;
    ``dataset_groundtruth`` gives them), needed for foreign results written in the file's frame;
    ``unmarked``: how folders without a manifest were written (``"dataset file"`` or ``"0-based"``,
    default by layout, see ``ResultRun.box_offset``).

    ``trackers``: a subset of run labels (unknown names raise; a name two folders both hold selects both runs,
    ``tracker_labels``); ``pooled``: pool frames over sequences
    instead of averaging per sequence; ``absent``: how frames without a target are scored
    (``ope.ABSENT_RULES``: ``exclude``, ``failure``, ``otb``); ``dataset``: the dataset's name, so that runs of another
    dataset with same-named sequences are not scored against this one. Sequences of the folder that
    are not in ``groundtruth`` are ignored.

    ``ctx``: a ``jobs.JobContext`` (the window's worker): progress per sequence read and per sequence
    scored, and its Cancel seen before each (``Cancelled`` raised, nothing returned), so a dataset of
    many sequences and trackers stops within one sequence. Without one (the CLI) nothing is reported.

    ``rgbt``: ``{seq: evaluation.rgbt.RgbtTruth}`` (``dataset_groundtruth(truths=...)``): the sequences are scored as
    the RGB-T toolkits score them (both streams' boxes, the benchmark's rule) instead, when every sequence of
    ``groundtruth`` has one (else one-pass scores, with a note); ``absent`` and ``pooled`` are the rule's then.
    """
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.core.results import find_runs_in, match_names, run_folder_hint, via_alias

    where = str(results_dir) if isinstance(results_dir, (str, Path)) else ", ".join(map(str, results_dir))
    runs = {r.label: r for r in find_runs_in(results_dir, dataset)}
    found = {k: match_names(r.files, groundtruth) for k, r in runs.items()}
    if not found:
        raise WorkbenchError(f"{where}: no result files (<tracker>/<seq>.txt, "
                             f"<dataset>/<tracker>/<variant>/<seq>.txt, results_OPE/<seq>_<tracker>.mat) found"
                             + (f" for dataset {_first_name(dataset)!r}" if dataset else "")
                             # the runs of another dataset first: its VOT / TRE / SRE runs are not why
                             + (run_folder_hint(results_dir) or _other_datasets(results_dir, dataset)
                                or _other_protocols(results_dir)))
    names = tracker_labels(trackers, found, results_dir) if trackers else sorted(found)
    out = FolderScores([])
    unreadable: list[str] = []  # the result files that could not be read, each said once
    rgbt = _whole_rgbt(rgbt, groundtruth, out.notes)
    # a tag that says how a sequence is labelled is no condition of its frames: no per-attribute score of it
    attributes = {s: frame_attributes(a) for s, a in (attributes or {}).items()}
    # two steps a sequence of each run: its file read, its scores
    total = 2 * sum(1 for t in names for seq in found.get(t, ()) if seq in groundtruth)
    done = 0

    def step(t: str, seq: str, what: str) -> None:
        nonlocal done
        if ctx is None:
            return
        ctx.check()
        ctx.progress(done / max(1, total), f"{t}: {what} {seq}")
        done += 1

    for t in names:
        if t not in found:
            raise WorkbenchError(f"{where}: no results for tracker {t!r}; have {', '.join(sorted(found))}")
        res, starts, partial, offs = {}, {}, {}, {}
        bad: set[str] = set()  # this run's sequences whose file was skipped (said above), not missing
        for seq, path in found[t].items():
            if seq not in groundtruth:
                continue
            step(t, seq, "reading")
            try:
                # GOT-10k's whole Tiger1 less its first 5 rows; longer: cut; shorter: refused
                boxes, note = read_run_boxes(path, len(groundtruth[seq]), seq)
                if note:
                    out.notes.append(note)
            except WorkbenchError as exc:  # one bad file costs its sequence, not the others' scores
                unreadable.append(str(exc))
                bad.add(seq)
                if strict:  # said by the CLI (its notes); the window lists ``problems``
                    out.notes.append(f"{exc}: not scored, left out of {t}'s scores; the other files are scored")
                else:
                    out.problems.append(str(exc))
                continue
            offs[seq] = off = runs[t].box_offset(seq, (offsets or {}).get(seq, 0), unmarked)
            if off:
                boxes = boxes - np.array([off, off, 0.0, 0.0])
            start = runs[t].start_frame(seq)
            res[seq], starts[seq] = boxes, start if start is not None and 0 <= start < len(boxes) else \
                first_tracked_frame(boxes)
            stop = runs[t].partial(seq)
            if stop is not None:
                partial[seq] = stop
        done += len([s for s in found[t] if s in groundtruth]) - len(res)  # files skipped: not scored
        if not res:
            if strict and not via_alias(runs[t].dataset, dataset) and not any(s in groundtruth for s in found[t]):
                raise WorkbenchError(f"{runs[t].folder}: none of its result files matches a sequence of the dataset")
            continue
        gts = {s: groundtruth[s] for s in res}
        attrs = {s: attributes.get(s) or {} for s in res}
        if rgbt:
            from workbench.core.evaluation import rgbt as rgbt_scores

            report = rgbt_scores.evaluate_tracker(t, res, {s: rgbt[s] for s in res}, attrs, starts=starts,
                                                  each=lambda seq, t=t: step(t, seq, "scoring"))
        else:
            report = evaluate_tracker(t, res, gts, attrs, starts=starts, pooled=pooled, absent=absent,
                                      each=lambda seq, t=t: step(t, seq, "scoring"))
        # a skipped file is said once, as skipped (notes / problems): "has no results for" it would be a second,
        # wrong account of the same file
        report.missing = sorted(set(groundtruth) - set(res) - bad)
        report.partial = partial
        out.reports.append(report)
        out.results[t], out.starts[t], out.box_offsets[t] = res, starts, offs
        out.files[t] = {seq: runs[t].repetition_files(found[t][seq]) for seq in res}
        note = None if repetitions_pooled else repetitions_note(t, runs[t], {seq: found[t][seq] for seq in res})
        if note:
            out.notes.append(note)
    if strict and not out.reports and unreadable:  # nothing scored: the files are why
        more = f" (and {len(unreadable) - 1} more result file(s) that could not be read)" if len(unreadable) > 1 else ""
        raise WorkbenchError(f"{unreadable[0]}{more}; nothing was scored")
    if strict and not out.reports:  # only runs of another dataset stored under one of this one's folder names
        raise WorkbenchError(f"{where}: no result files for the sequences of dataset {_first_name(dataset)!r}")
    if ctx is not None:
        ctx.progress(1.0, f"scored {len(out.reports)} runs")
    return out


def _whole_rgbt(rgbt: dict | None, groundtruth: dict, notes: list) -> dict:
    """``rgbt`` when it covers every sequence of ``groundtruth`` under one rule, else {} (one-pass scores) with a
    note: a dataset mean over sequences scored by two rules would be no toolkit's number. Two benchmarks' rules
    are refused (``WorkbenchError``): the user names one (``--rgbt``) or scores them apart."""
    if not rgbt:
        return {}
    lacking = sorted(set(groundtruth) - set(rgbt))
    if lacking:
        names = ", ".join(lacking[:3]) + (" ..." if len(lacking) > 3 else "")
        notes.append(f"{len(lacking)} sequence(s) are not RGB-T ({names}): every sequence scored one-pass (OPE), "
                     "not by an RGB-T toolkit's rule")
        return {}
    from workbench.core.evaluation.rgbt import one_rule

    try:
        one_rule(rgbt)
    except ValueError as exc:
        raise WorkbenchError(str(exc)) from None
    return rgbt


def dataset_groundtruth(root: str | Path, warn=None, skipped: list | None = None, truths: dict | None = None,
                        rgbt: str = "auto") -> tuple[dict, dict, dict, list]:
    """``({seq: gt}, {seq: attributes}, {seq: file offset}, entries)`` of a dataset root (or one
    sequence): what ``score_folder`` needs; ``warn`` receives each reader warning. With ``skipped`` (a list),
    a sequence that cannot be read (a damaged groundtruth file, an unreadable folder) is left out, ``(name,
    note naming the problem)`` appended there and the note given to ``warn``, and the others are scored; without it,
    the first such sequence raises. ``truths`` (a dict): filled with the ``evaluation.rgbt.RgbtTruth`` of each RGB-T
    sequence under rule ``rgbt`` (``"auto"``: its benchmark's; ``"off"``: none), what ``score_folder(rgbt=...)``
    takes; a sequence scored on one groundtruth where its rule takes two is said to ``warn``."""
    from workbench.core.data import open_dataset
    from workbench.core.data.cube import rename_advice
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import file_box_offset

    gts, attrs, offsets, paths = {}, {}, {}, {}
    entries = open_dataset(root)
    for entry in entries:
        try:
            seq = entry.open()
        except WorkbenchError as exc:
            if skipped is None:
                raise
            name = getattr(entry, "name", str(entry))
            skipped.append((name, f"{name}: not scored: {exc}"))
            if warn is not None:
                warn(skipped[-1][1])
            continue
        if warn is not None:
            for w in seq.meta.get("warnings", []) or []:
                warn(w)
        if seq.groundtruth is None:
            continue
        only_first = _first_box_only(seq)
        if only_first is not None:  # scoring it would score the initial box against itself: IoU 1, nothing learnt
            if skipped is not None:
                skipped.append((seq.name, f"{seq.name}: {only_first.replace('not scored: ', '')}"))
            if warn is not None:
                warn(f"{seq.meta.get('groundtruth_file') or seq.path or seq.name}: {only_first}")
            continue
        if seq.name in gts:  # results are matched by name: a second sequence of that name cannot be scored
            first = paths[seq.name]
            advice = rename_advice(seq.name, getattr(seq, "path", None))
            note = (f"{seq.path or seq.name}: not scored: its name {seq.name!r} is also the name of {first}, and "
                    f"results are matched by sequence name: {advice}")
            if skipped is None:
                raise WorkbenchError(note)
            skipped.append((seq.name, note))
            if warn is not None:
                warn(note)
            continue
        paths[seq.name] = seq.path or seq.name
        gts[seq.name] = seq.groundtruth
        if truths is not None:
            _add_truth(truths, seq, rgbt, warn)
        attrs[seq.name] = seq.attributes
        offsets[seq.name] = file_box_offset(seq)
    return gts, attrs, offsets, entries


def _add_truth(truths: dict, seq, rule: str, warn) -> None:
    from workbench.core.evaluation.rgbt import truth_of

    t = truth_of(seq, rule)
    if t is None:
        return
    truths[seq.name] = t
    if t.note and warn is not None:
        warn(t.note)


def _first_box_only(seq) -> str | None:
    """A note when ``seq``'s groundtruth has a box for its first annotated frame only (a GOT-10k test
    split sequence: the rest is scored by the benchmark's server): that box is the one a run starts
    from, so a score would compare the initial box with itself; None otherwise."""
    gt = seq.groundtruth
    if gt is None or len(gt) < 2:
        return None
    from workbench.core.boxes import absent_mask

    if int(np.count_nonzero(~absent_mask(gt))) != 1:
        return None
    split = " (GOT-10k test split: its server scores it)" if seq.meta.get("layout") == "got10k" else ""
    return f"not scored: one box only, the start frame's{split}"


def _other_datasets(results_dir, dataset) -> str:
    """A hint when the folder holds one-pass runs of other datasets only (the data scored is in another folder than
    the one the runs were made on: runs are stored under the name of the folder holding the data)."""
    from workbench.core.results import find_runs_in

    if not dataset:
        return ""
    try:
        others = sorted({r.dataset for r in find_runs_in(results_dir) if r.dataset})
    except WorkbenchError:  # another dataset's damaged manifest: not what this error is about
        return ""
    return (f"; it holds runs of dataset {', '.join(map(repr, others[:3]))}{' ...' if len(others) > 3 else ''} "
            "(named for the folder the data was in when run)" if others else "")


def _other_protocols(results_dir) -> str:
    """A hint when the folder holds runs of another protocol (``vot``'s ``baseline``, ``tre``, ``sre``)."""
    from workbench.core.results import protocols_held

    have = protocols_held(results_dir)
    return (f"; it holds {' / '.join(p.upper() for p in have)} runs: score them with `workbench eval --protocol "
            f"{have[0]}`" if have else "")


NO_TARGET = "its groundtruth shows no target in any frame (NaN or zero-size boxes, or absent flags)"

# what each protocol makes of such a sequence, said in its note (``no_target_notes``)
NO_TARGET_OUTCOME = {
    "exclude": "no frame of it is scored, so its 0.000 is no score and it is left out of the mean",
    "got10k": "no frame of it is scored: its AO / SR are nan and it adds nothing to the pooled scores",
    "vot": "its tracked frames count as zero overlap in the EAO and in the accuracy (as the VOT toolkit scores a "
           "box against no target) and weigh in the failure rate; leave it out of the dataset or give it a groundtruth",
}


def no_target_notes(reports, groundtruth: dict, outcome: str) -> list[str]:
    """One line per sequence a tracker of ``reports`` (anything with ``sequences``) has results for whose
    groundtruth shows no target in any frame, naming it and what the scoring made of it (``outcome``, e.g.
    ``NO_TARGET_OUTCOME[protocol]``): scored 0.000 or nan, or zero overlap, without a word otherwise."""
    from workbench.core.boxes import absent_mask

    scored = {name for r in reports for name in getattr(r, "sequences", {})}
    return [f"{name}: {NO_TARGET}: {outcome}" for name in sorted(scored)
            if name in groundtruth and len(groundtruth[name]) and absent_mask(groundtruth[name]).all()]
