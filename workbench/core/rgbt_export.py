"""``workbench export-results --toolkit gtot | rgbt234 | lasher | vtuav``: result folders in the layout the RGB-T
toolkits read (``toolkits.RGBT_EXPORT_TOOLKITS``), so that they score them as they score their own.

What each reads (their public code; see ``evaluation.rgbt`` for how they score):

- GTOT's MATLAB ``calcPlotErr.m``: ``<results>/<tracker>/<tracker>_<seq>.txt``, one 8-value corner polygon a row
  (``corner2rect`` takes left = value 1, top = 2, right = 3, bottom = 6): written ``x1,y1,x2,y1,x2,y2,x1,y2`` with
  ``x2 = x + w``, ``y2 = y + h`` (the toolkit's width is ``right - left``). The Python ``rgbt`` toolkit reads the
  same folder with ``bbox_type="corner"`` and ``prefix="<tracker>_"``.
- RGBT234's MATLAB ``calcPlotErr_TPR.m`` reads 8-value corner rows too (its ``4corner`` type, all but a few named
  trackers), from a path it builds from a prefix of yours; written as GTOT's, ``<tracker>/<tracker>_<seq>.txt``
  (Python ``rgbt``: ``bbox_type="corner"``, ``prefix="<tracker>_"``; RGBT210 the same).
- VTUAV's MATLAB ``calcPlotErr_TPR.m``: ``[resultPath name '_' seq_name '.txt']``, every tracker's files in ONE
  folder, 4 (x,y,w,h, taken unrounded) or 8 values a row, every frame (it scores every 10th row): written x,y,w,h,
  ``<tracker>_<seq>.txt`` into ``--out`` itself (the folder to give it as ``resultPath``), no tracker folder.
- LasHeR (Python ``rgbt``, ``bbox_type="ltwh"``, no prefix): ``<tracker>/<seq>.txt``, x,y,w,h. The toolkit reads
  ``<result_path>/<seq>.txt`` for each sequence of its own list, nothing else in the folder, so the folder also gets
  the ``manifest.json`` saying ``{"boxes": "dataset file"}`` that the flat layouts get (``MARKED``): ``workbench
  eval`` reads this folder back (a ``<tracker>/<seq>.txt`` folder, as pysot-toolkit's), and without the mark read it
  as 0-based: on 1-based OTB-style data the copy scored lower than its source (a pixel off).

Boxes are in the annotation files' own coordinates (the RGB-T reader's, unshifted: ``data.rgbt``), comma separated.
A sequence with NaN rows (a run started after the first frame, or stopped early) is left out with a note: these
toolkits run and score every frame. (The flat export's notes on such a sequence, a partial run "marked partial in its
manifest.json", are dropped: the sequence is not exported.) The visible stream's
run (``<seq>.visible``) is exported under the sequence's name (the toolkits keep one result a sequence, scored against
both streams' boxes); a run holding both streams of a sequence exports the thermal one, with a note.

How: ``results.export_results`` writes the runs in pysot-toolkit's flat layout (its checks, names, coordinates and
whole-or-nothing writing) into a hidden staging folder inside ``--out`` (``atomic.staging_folder`` of
``--out/rgbt-export``: ``.rgbt-export.<host>.<pid>.<random>.part``); each tracker's files are then written in the
RGB-T layout beside it and the tracker's folder is moved into ``--out`` whole (VTUAV: its files moved into ``--out``);
the hidden folder is removed, also when the export stops, and one that a killed export left (SIGKILL: nothing could
remove it) is removed by the next export into that ``--out`` (``atomic.stale_stages``), or named when its writer
cannot be told gone. The flat export would look for a run exported before a stop in its own (staging) folder, so it
is given ``same=`` (``_same_in``): the ``--name`` of a run left out of ``--trackers`` (the rerun the stop's message
gives) is checked against ``--out`` in this layout, in memory; a refusal of files already there says the --trackers to
give, as the flat layouts do. The same export again (every file in ``--out`` with the text it would write) writes
nothing and says so (``unchanged``); a LasHeR folder exported before it had its manifest, its boxes the same,
gets the manifest alone ("boxes unchanged, manifest added"); an export that would change a file there is refused."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np

from workbench.core.data.rgbt import VISIBLE_SUFFIX
from workbench.core.errors import WorkbenchError
from workbench.core.results import MANIFEST

CORNERS = ("gtot", "rgbt234")  # 8-value corner rows
PREFIXED = ("gtot", "rgbt234", "vtuav")  # <tracker>_<seq>.txt
FLAT = ("vtuav",)  # every tracker's files in --out itself (VTUAV's one resultPath)
MARKED = ("lasher",)  # read back by ``workbench eval`` (<tracker>/<seq>.txt): the flat layouts' manifest.json too
STAGE_NAME = "rgbt-export"  # the staging folder's name in --out: .rgbt-export.<host>.<pid>.<random>.part


def corner_rows(boxes: np.ndarray) -> np.ndarray:
    """x,y,w,h rows as the 8-value polygons ``x1,y1,x2,y1,x2,y2,x1,y2`` (clockwise from the top left)."""
    b = np.asarray(boxes, dtype=np.float64)
    x1, y1, x2, y2 = b[:, 0], b[:, 1], b[:, 0] + b[:, 2], b[:, 1] + b[:, 3]
    return np.stack([x1, y1, x2, y1, x2, y2, x1, y2], axis=1)


def file_name(toolkit: str, tracker: str, seq: str) -> str:
    """The result file's name the toolkit reads for ``seq`` (the visible stream's run: the sequence's)."""
    if seq.endswith(VISIBLE_SUFFIX):
        seq = seq[: -len(VISIBLE_SUFFIX)]
    return f"{tracker}_{seq}.txt" if toolkit in PREFIXED else f"{seq}.txt"


def _converted(toolkit: str, tracker: str, runs) -> tuple[dict[str, str], list[str], set[str]]:
    """{file name: text} of one tracker's pysot export ``runs`` ([(sequence, boxes)]: its staged files, or a plan's
    boxes as they would be read back from them, ``_as_staged``) in ``toolkit``'s layout, the notes, and the
    sequences left out for their NaN rows."""
    from workbench.core.results import format_boxes

    out, notes, src, cut = {}, [], {}, set()
    for seq, boxes in sorted(runs, key=lambda r: r[0].endswith(VISIBLE_SUFFIX)):  # a sequence's thermal run first
        if not np.all(np.isfinite(boxes)):
            notes.append(f"{seq}: left out: it has NaN rows (frames not tracked: a run started after the first frame "
                         f"or stopped early), and the {toolkit} toolkit scores every frame of a whole run")
            cut.add(seq)
            continue
        name = file_name(toolkit, tracker, seq)
        if name in out:
            notes.append(f"{seq}: left out: {src[name]} is exported as {name} (the toolkit reads one result a "
                         "sequence, scored against both streams' boxes)")
            continue
        out[name], src[name] = format_boxes(corner_rows(boxes) if toolkit in CORNERS else boxes, ","), seq
    return out, notes, cut


def _layout_manifest(toolkit: str, tracker: str, flat: dict, texts: dict[str, str]) -> str:
    """The ``manifest.json`` text of a ``MARKED`` layout's tracker folder: the flat export's (``flat``, the dict
    ``results._export_files`` gives: ``{"boxes": "dataset file"}``, method, source ...) for ``toolkit``, its
    sequences' records kept for the files written (``texts``; a partial run's NaN rows leave its file out)."""
    from workbench.core.results import json_text

    kept = {seq: entry for seq, entry in (flat.get("sequences") or {}).items()
            if file_name(toolkit, tracker, seq) in texts}
    return json_text({**flat, "exported_for": toolkit, "sequences": kept})


def _flat_manifest(plan) -> dict:
    """The manifest the flat export of ``plan`` (``results._ExportPlan``) writes ({} when none)."""
    from workbench.core.results import _export_files

    return next((value for _rel, kind, value in _export_files(plan) if kind == "manifest"), {})


def _flat_notes(notes: list[str], toolkit: str, cut: set[str]) -> list[str]:
    """The flat export's notes as they hold for ``toolkit``'s layout: those on a sequence left out (``cut``: a
    partial run's "marked partial in its manifest.json", of a manifest not written here) dropped, pysot's name
    replaced."""
    kept = [n for n in notes if not any(n.startswith(f"{seq}:") for seq in cut)]
    return [n.replace("pysot's layout", f"{toolkit}'s layout") for n in kept]


def _place(stage: Path, folder: Path, texts: dict[str, str]) -> list[Path]:
    """The tracker's files written into ``stage`` and moved to ``folder``: the folder renamed into place when it is
    not there yet, else its files moved in one by one (none of them there before: checked first; VTUAV's
    ``folder`` is ``--out`` itself)."""
    from workbench.core.atomic import atomic_write_text

    stage.mkdir(parents=True)
    for name, text in texts.items():
        atomic_write_text(stage / name, text)
    if not folder.exists():
        os.rename(stage, folder)
    else:
        for name in texts:
            os.replace(stage / name, folder / name)
    return [folder / name for name in texts]


def _same_texts(folder: Path, texts: dict[str, str]) -> bool:
    """Whether every file of ``texts`` is in ``folder`` already with that text (exported there before, as now):
    ``results._same_export`` for these layouts (a ``manifest.json`` without its ``source``: ``same_export_text``)."""
    from workbench.core.results import same_export_text

    return bool(texts) and all(same_export_text(folder / n, t) for n, t in texts.items())


def _manifest_missing(folder: Path, texts: dict[str, str]) -> bool:
    """Whether ``folder`` holds every box file of ``texts`` with that text and no ``manifest.json``, where ``texts``
    has one: a LasHeR export made before the layout got its manifest (3f4c1c2), the same boxes, only the mark that
    ``workbench eval`` reads them by missing."""
    boxes = {n: t for n, t in texts.items() if n != MANIFEST}
    return MANIFEST in texts and not (folder / MANIFEST).exists() and _same_texts(folder, boxes)


def _layout_folder(out: Path, toolkit: str, tracker: str) -> Path:
    """The folder a tracker's files go to: ``--out`` itself for VTUAV's one resultPath, else its own."""
    return out if toolkit in FLAT else out / tracker


def _staged_runs(files) -> list[tuple[str, np.ndarray]]:
    """[(sequence, boxes)] of a tracker's staged pysot files."""
    from workbench.core.results import read_result_boxes

    return [(Path(f).stem, read_result_boxes(f)) for f in files]


def _as_staged(plan) -> list[tuple[str, np.ndarray]]:
    """[(sequence, boxes)] of a flat export's plan (``results._ExportPlan``) as its pysot files would read back
    (``_staged_runs``): the boxes as written (``format_boxes``: 3 decimals) and parsed, in memory."""
    from workbench.core.data.groundtruth import parse_boxes
    from workbench.core.results import format_boxes

    return [(name, parse_boxes(format_boxes(boxes, ","), plan.folder / f"{name}.txt",
                                   what="result file")) for name, boxes, _ in plan.plans]


def _same_in(out: Path, toolkit: str):
    """The flat export's ``same(plan)`` (``results.export_results``): whether the run's export in ``toolkit``'s
    layout is in ``out`` already (the same files, the same text), compared in memory. The flat export is staged in
    a fresh folder, where its own check found nothing: the rerun a stop's message gives (the same command with
    --trackers of the runs not exported) was refused for the --name of a run exported before the stop. A LasHeR
    folder exported before it had its manifest (3f4c1c2), its boxes the same, counts as exported too (its manifest is
    added by an export naming it in --trackers: ``_manifest_missing``); it was refused as different."""
    def same(plan) -> bool:
        tracker = plan.folder.name
        texts = _converted(toolkit, tracker, _as_staged(plan))[0]
        if toolkit in MARKED and texts:
            texts[MANIFEST] = _layout_manifest(toolkit, tracker, _flat_manifest(plan), texts)
        folder = _layout_folder(out, toolkit, tracker)
        return _same_texts(folder, texts) or _manifest_missing(folder, texts)
    return same


def _identical(plans: list) -> bool:
    """Whether every file of every run of this export is in ``--out`` already with the text it would write: the
    same export again, nothing to write (a run whose every sequence is left out writes nothing either way), but for
    the ``manifest.json`` of a folder exported before the layout had one (``_manifest_missing``: written then)."""
    return any(texts for _r, _f, texts, _n in plans) and \
        all(not texts or _same_texts(folder, texts) or _manifest_missing(folder, texts)
            for _r, folder, texts, _n in plans)


def _refuse_taken(plans: list) -> None:
    """A file a run would write that is in --out already, refused before anything is written (nothing written
    over), saying which runs are exported there already and the --trackers that export the rest
    (``results.rerun_hint``, as the flat layouts say it)."""
    from workbench.core.results import rerun_hint

    _refuse_shared(plans)
    for run, folder, texts, _notes in plans:
        # a manifest.json there (sequences exported into the folder before) is written over, as the flat layouts'
        taken = [folder / n for n in texts if n != MANIFEST and (folder / n).exists()]
        if taken:
            # exported already: also a folder of an older export whose boxes are the same, only its manifest missing
            same = [r.label for r, f, t, _n in plans if _same_texts(f, t) or _manifest_missing(f, t)]
            old = (f" (the same boxes, without the {MANIFEST} that an export made by an older workbench did not "
                   f"write: --trackers {run.label} alone adds it)" if _manifest_missing(folder, texts) else "")
            raise WorkbenchError(f"{folder}: already holds {taken[0].name}"
                                 + (f" and {len(taken) - 1} more" if len(taken) > 1 else "") + old
                                 + ": export into another folder, or under another tracker name"
                                 + rerun_hint([r.label for r, *_ in plans], same))


def _refuse_shared(plans: list) -> None:
    """A file two runs of this export would write, refused: in VTUAV's one folder ``<tracker>_<seq>.txt`` of
    trackers ``a`` / ``a_b`` and sequences ``b_c`` / ``c`` is one name, and the second run's file replaced the
    first's without a word, both runs listing it."""
    owner = {}
    for r, folder, texts, _notes in plans:
        for name in texts:
            first = owner.setdefault(folder / name, r.label)
            if first != r.label:
                raise WorkbenchError(f"{folder / name}: runs {first} and {r.label} would both be exported as "
                                     f"{name} (<tracker>_<sequence>.txt in one folder): export them into separate "
                                     "folders (--trackers), or one under another name (--name)")


def export_results(results_dir, out_dir, toolkit: str, trackers: list[str] | None = None, dataset=None,
                   offsets: dict | None = None, unmarked: str | None = None, names: dict | None = None,
                   on_written=None, frames: dict | None = None) -> list:
    """``results.export_results`` for an RGB-T toolkit's layout (``toolkit`` in ``RGBT_EXPORT_TOOLKITS``): the same
    arguments and ``ExportResult`` per run; a file the layout would write over is refused before anything is
    written (``WorkbenchError`` naming it), unless the export is the same again (every file there with the text it
    would write): then nothing is written, each run's ``ExportResult`` marked ``unchanged``; a folder of it without the
    ``manifest.json`` it would write, its boxes the same (exported before the layout had one), gets the manifest alone
    (``manifest_added``)."""
    from workbench.core.atomic import atomic_write_text, stale_note, stale_stages, staging_folder
    from workbench.core.results import ExportResult, export_results as export_flat, writable_folder
    from workbench.core.toolkits import RGBT_EXPORT_TOOLKITS

    if toolkit not in RGBT_EXPORT_TOOLKITS:
        raise WorkbenchError(f"unknown RGB-T toolkit {toolkit!r}; have {', '.join(RGBT_EXPORT_TOOLKITS)}")
    made = not Path(out_dir).exists()
    out = writable_folder(out_dir, "--out")
    # what an export into this --out that was killed left (SIGKILL: nothing could remove it): removed or named
    stale = stale_note(*stale_stages(out / STAGE_NAME), "an RGB-T export into this folder")
    stage = staging_folder(out / STAGE_NAME)
    done, plans = [], []
    how = dict(dataset=dataset, offsets=offsets, unmarked=unmarked, frames=frames)
    try:
        flat = export_flat(results_dir, stage / "flat", "pysot", trackers, names=names, same=_same_in(out, toolkit),
                           **how)
        for r in flat:
            texts, notes, cut = _converted(toolkit, r.folder.name, _staged_runs(r.files))
            if toolkit in MARKED and texts and r.manifest is not None:
                flat_manifest = json.loads(Path(r.manifest).read_text(encoding="utf-8"))
                texts[MANIFEST] = _layout_manifest(toolkit, r.folder.name, flat_manifest, texts)
            plans.append((r, _layout_folder(out, toolkit, r.folder.name), texts,
                          (stale if not plans else []) + _flat_notes(r.notes, toolkit, cut) + notes))
        unchanged = _identical(plans)
        if not unchanged:
            _refuse_taken(plans)
        for r, folder, texts, notes in plans:
            added = unchanged and bool(texts) and _manifest_missing(folder, texts)
            if added:  # the boxes there as now, only the manifest missing (an older export): written, boxes kept
                atomic_write_text(folder / MANIFEST, texts[MANIFEST])
            if unchanged:  # the same export again: nothing written, its files' dates kept
                files = [folder / name for name in texts]
            else:
                files = _place(stage / "out" / r.folder.name, folder, texts) if texts else []
            manifest = next((f for f in files if f.name == MANIFEST and MANIFEST in texts), None)
            done.append(ExportResult(folder, [f for f in files if f != manifest], notes, manifest=manifest,
                                     label=r.label, unchanged=unchanged and bool(texts), manifest_added=added))
            if on_written is not None:
                on_written(done[-1])
    except KeyboardInterrupt as stop:  # said by the command as for the other toolkits: what is in --out whole
        staged = [r.label for r in getattr(stop, "exported", ())] + list(getattr(stop, "not_exported", ()))
        stop.exported = list(done)
        # stopped before the flat export wrote anything (its checks): nothing of --trackers is exported
        stop.not_exported = ([r.label for r, _f, _t, _n in plans[len(done):]] if plans
                             else staged or list(trackers or ()))
        raise
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if made and not done:
            try:
                out.rmdir()  # the --out this export made, left empty
            except OSError:
                pass
    return done
