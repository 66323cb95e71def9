"""The saved runs of a sequence's segmenters and detectors in the workspace: listed, named and shown in the
Layers dock; and a run just saved named as the workspace listing names it (``saved_run_label``: the
Layers dock's lists and the Dataset dock's Results column). No Qt: the controllers of both kinds and the
sequence controller share them (here, so that neither imports the other: the detection controller's reads
go with the sequence's opening)."""
from __future__ import annotations

from pathlib import Path

from workbench.core.errors import WorkbenchError


def saved_run_label(listed: dict, results_dir, folder, dataset) -> str | None:
    """The label the workspace listing (``find_runs`` for trackers, ``find_method_runs`` for the other kinds)
    gives the run folder ``folder`` of ``results_dir`` once a run is saved there, from ``listed``, the labels
    the last listing gave ({label: its folders}), without listing the workspace again: the label ``listed``
    gives that folder already (one the listing made unique where two runs share a name: "kcf/default@OTB",
    "kcf/(flat)", "pacedet'"); else the method, with its variant unless that is the default
    (``<dataset>/<method>/<variant>/``, ``<method>/<variant>/``, the flat ``<method>/``) where no listed
    folder has that name. "" when the folder is another dataset's (not listed with ``dataset``'s). None where
    the listing may name it otherwise: another folder has that name (which of the two is renamed depends on
    the listing's order), or the folder is not a run folder of ``results_dir``: the caller lists again, on a
    worker."""
    from workbench.core.results import DEFAULT_VARIANT, dataset_levels

    folder = Path(folder)
    for label, folders in listed.items():
        if folder in folders:
            return label
    try:
        parts = folder.relative_to(Path(results_dir)).parts
    except ValueError:
        return None
    if not 1 <= len(parts) <= 3:
        return None
    levels = dataset_levels(dataset)
    if len(parts) == 3 and levels is not None and parts[0] not in levels:
        return ""
    method, variant = (parts[-2], parts[-1]) if len(parts) > 1 else (parts[0], None)
    label = method if variant in (None, DEFAULT_VARIANT) else f"{method}/{variant}"
    # a name taken, as it is or made unique ("pacedet'" is a second "pacedet")
    return None if any(other.rstrip("'") == label for other in listed) else label


def method_run_holds(kind: str, sequence: str):
    """Whether a run folder holds ``sequence``'s files of a ``kind`` run (``saved_runs``' ``holds``): a
    segmenter's ``<sequence>/masks/`` folder, a detector's ``<sequence>.csv``."""
    if kind == "segmenter":
        return lambda folder: (Path(folder) / sequence / "masks").is_dir()
    return lambda folder: (Path(folder) / f"{sequence}.csv").is_file()


METHOD_KINDS = ("segmenter", "detector")  # the kinds whose runs ``list_method_runs`` lists with a sequence


def list_method_runs(results_dir, dataset: str | tuple[str, ...] | None, sequence: str) -> dict:
    """``saved_runs`` of ``sequence`` for each of ``METHOD_KINDS`` (``method_run_holds``' files), by kind, from
    one walk of the workspace's manifests (on the opener's worker, ``with_saved_runs``): its list, or the
    error that listing raised (the window says it, lists none); a kind left out where the walk failed
    otherwise (its controller lists it again, and says why)."""
    from workbench.core.results import find_method_runs

    try:
        found = find_method_runs(results_dir, dataset, METHOD_KINDS)
    except (OSError, ValueError, WorkbenchError) as exc:
        return {kind: exc for kind in METHOD_KINDS}
    except Exception:  # noqa: BLE001 - listed again, and told, by the window
        return {}
    out: dict = {}
    for kind in METHOD_KINDS:
        try:
            out[kind] = runs_of(found, kind, sequence, method_run_holds(kind, sequence))
        except (OSError, ValueError, WorkbenchError) as exc:
            out[kind] = exc
        except Exception:  # noqa: BLE001 - listed again, and told, by the window
            pass
    return out


def saved_runs(results_dir, dataset: str | tuple[str, ...] | None, kind: str, sequence: str,
               holds) -> list[tuple[str, Path, dict, dict]]:
    """(label, folder, manifest, the sequence's entry) of every saved ``kind`` run of ``sequence`` whose
    folder ``holds(folder)`` its files, oldest first (the last is the latest); labelled as
    ``find_method_runs`` labels them (``method``, ``method/variant``: ``pacedet``, ``pacedet/default-run2``),
    a label met twice (the same run folder with and without a dataset level) primed. ``dataset``: a name, or
    every name the sequence's runs are stored under (``TrackingController.saved_names``: a sequence of a
    root also under the folder holding it, where its runs go opened alone)."""
    from workbench.core.results import find_method_runs

    return runs_of(find_method_runs(results_dir, dataset, (kind,)), kind, sequence, holds)


def runs_of(found, kind: str, sequence: str, holds) -> list[tuple[str, Path, dict, dict]]:
    """``saved_runs`` from ``found`` (``find_method_runs``' list, of ``kind`` and perhaps other kinds)."""
    runs, labels = [], set()
    for label, folder, m in found:
        if m.get("kind") != kind or sequence not in (m.get("sequences") or {}) or not holds(folder):
            continue
        while label in labels:
            label += "'"
        labels.add(label)
        runs.append((label, folder, m, m["sequences"][sequence]))
    return sorted(runs, key=lambda r: str(r[3].get("finished") or ""))


def with_saved_run(saved, results_dir, dataset: str | None, folder, manifest: dict | None,
                   sequence: str) -> list[tuple[str, Path, dict, dict]] | None:
    """``saved`` (``saved_runs``' list of a sequence's runs of one kind) with the run just saved to ``folder``
    (its ``manifest``) among them, named as ``saved_runs`` would name it (``saved_run_label``), without
    walking the workspace's manifests on the GUI thread; None where that name is uncertain, or the manifest
    lacks the sequence: the caller lists the runs on a worker (``saved_runs``)."""
    folder = Path(folder)
    entry = ((manifest or {}).get("sequences") or {}).get(sequence)
    listed: dict[str, set[Path]] = {}
    for label, f, *_rest in saved:
        listed.setdefault(label, set()).add(Path(f))
    label = saved_run_label(listed, results_dir, folder, dataset)
    if not label or not isinstance(entry, dict):
        return None
    rest = [r for r in saved if Path(r[1]) != folder]
    return sorted(rest + [(label, folder, manifest, entry)], key=lambda r: str(r[3].get("finished") or ""))


def stop_text(partial) -> str | None:
    """How a run saved incomplete stopped, from its manifest's ``partial`` record: "interrupted (SIGTERM) before
    frame 3" (a command Ctrl-C / SIGTERM stopped, ``detect seq_irst --out``); None without a record (a run
    cancelled in the window has none)."""
    if not isinstance(partial, dict):
        return None
    why = partial.get("error") or partial.get("reason") or "stopped"
    frame = partial.get("frame")
    return f"{why}" + (f" before frame {frame + 1}" if isinstance(frame, int) else "")


def _stopped_text(partial) -> str:
    """How a run saved incomplete stopped, for its tooltip (``stop_text``): one a command kept when Ctrl-C /
    SIGTERM stopped it was listed as 'cancelled', as a run stopped in the window is."""
    how = stop_text(partial)
    return f", partial: {how}" if how else ", cancelled"


def saved_run_entries(saved, shown_folder, shown_label: str | None) -> tuple[list[tuple[str, str]], str | None]:
    """The Layers dock's list of a method kind's runs (``LayersDock.set_method_runs``): (label, tooltip)
    of each saved run, and the label of the one shown (its folder ``shown_folder``); a shown run that is
    not saved (running, or one frame segmented) is listed last as "<label> (not saved)"."""
    entries, current = [], None
    for label, folder, _m, entry in saved:
        done, n = entry.get("frames_done"), entry.get("frames")
        frames = f"{done} / {n} frames" if done is not None and n else f"{done} frames" if done is not None else ""
        state = "" if entry.get("completed", True) else _stopped_text(entry.get("partial"))
        entries.append((label, f"{folder}\n{frames}{state}, finished {entry.get('finished') or '?'}"))
        if shown_folder is not None and Path(folder) == Path(shown_folder):
            current = label
    if current is None and shown_label is not None:
        current = f"{shown_label} (not saved)"
        entries.append((current, "This run is not saved in the workspace (yet)."))
    return entries, current
