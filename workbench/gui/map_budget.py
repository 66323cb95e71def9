"""One memory budget for the response maps of all the runs the window holds.

A run keeps at most ``runner.MAP_BUDGET_BYTES`` of maps (its latest frames'), but nothing bounded the runs
together: twelve runs of a long sequence kept ~4.6 GB. The window keeps ``window_map_budget()`` bytes of maps
across its runs; past it the maps of whole finished runs are dropped from memory, the runs shown least
recently first (those never shown: those with a maps file first, then the oldest), never a run still going nor
the one whose map is shown. A run saved with its maps file keeps them there: its maps' names stay in the Layers
dock, showing one reads them back on a worker (``TrackingController.maps_at``), and its exports read them from
the file (``ExportController``)."""
from __future__ import annotations

CAP_BYTES = 1024 * 2**20  # the maps of all runs together, however much memory is free
SHARE = 0.25  # of the memory available when the window is made


def window_map_budget(available: int | None = None) -> int:
    """Bytes of maps the window keeps across its runs: ``SHARE`` of ``available`` (default: the memory
    available now), at most ``CAP_BYTES``, at least one run's (``runner.MAP_BUDGET_BYTES``)."""
    from workbench.core.data.frame_budget import share_of_available
    from workbench.gui.runner import MAP_BUDGET_BYTES

    return share_of_available(SHARE, CAP_BYTES, MAP_BUDGET_BYTES, available)


def maps_bytes(maps: dict) -> int:
    """The bytes of a run's maps (``{frame: {name: MapLayer}}``)."""
    return sum(layer.data.nbytes for layers in maps.values() for layer in layers.values())


def on_file(run) -> bool:
    """Whether ``run``'s maps are in a maps file too: a run read from the workspace with its maps, or one the
    window saved with them (``<seq>_maps.npz`` beside its result file). The disk is not looked at: ``fit`` runs on
    the GUI thread at every frame and run end once past the budget, where a dead mount would hold the window. A
    window-saved run's answer is the one remembered (``LiveRun.maps_on_file``) when the window wrote that file
    (``runner``) or a worker last looked at it (``TrackingController.read_back``); not known yet (being written):
    not on file."""
    if getattr(run, "saved_run", None) is not None:
        return True
    return getattr(run, "saved_to", None) is not None and getattr(run, "maps_on_file", None) is True


class MapBudget:
    """Which runs' maps go when the runs together hold more than ``limit`` bytes (``fit``)."""

    def __init__(self, limit: int):
        self.limit = int(limit)
        self._tick = 0
        self._shown: dict[str, int] = {}  # a run's label -> when its map was last shown
        # a run read from disk (its maps set at once, not frame by frame): (id of its maps dict, frames, bytes),
        # so its maps are added up once, not at every frame drawn
        self._sizes: dict[int, tuple[int, int, int]] = {}

    def shown(self, label: str | None) -> None:
        """``label``'s map is on screen now."""
        if label:
            self._tick += 1
            self._shown[label] = self._tick

    def renamed(self, old: str, new: str) -> None:
        """The run ``old`` is called ``new`` now: when its map was last shown goes with it."""
        if old in self._shown:
            self._shown[new] = self._shown.pop(old)

    def run_bytes(self, run) -> int:
        counted = getattr(run, "_map_bytes", 0)  # kept by LiveRun.add as frames come
        if counted or not run.maps:
            return counted
        key = (id(run.maps), len(run.maps))
        known = self._sizes.get(id(run))
        if known is not None and known[:2] == key:
            return known[2]
        size = maps_bytes(run.maps)
        self._sizes[id(run)] = (*key, size)
        return size

    def held(self, runs: dict) -> int:
        """The bytes of maps ``runs`` (label -> LiveRun) hold together."""
        return sum(self.run_bytes(r) for r in runs.values())

    def fit(self, runs: dict, keep=()) -> list[tuple[str, int, bool]]:
        """Drop the maps of whole runs of ``runs`` (label -> LiveRun, oldest first) until they hold at most
        ``limit`` bytes together: least recently shown first, never a running run nor one in ``keep``.
        Returns ``(label, bytes, kept in its maps file)`` of each run whose maps were dropped. Where that is not
        enough, a running run keeps the maps of its latest frames only (``trim_running``)."""
        sizes = {k: self.run_bytes(r) for k, r in runs.items()}
        held = {id(r) for r in runs.values()}
        self._sizes = {i: v for i, v in self._sizes.items() if i in held}
        total = sum(sizes.values())
        if total <= self.limit:
            return []
        place = {k: n for n, k in enumerate(runs)}
        order = sorted((k for k, r in runs.items() if sizes[k] and r.status != "running" and k not in keep),
                       key=lambda k: (self._shown.get(k, 0), not on_file(runs[k]), place[k]))
        dropped = []
        for k in order:
            if total <= self.limit:
                break
            run = runs[k]
            # their names kept: the Layers dock still lists them, and showing one reads them back from the run's
            # maps file (``TrackingController.maps_at``)
            run.maps_dropped_names = tuple(sorted({m for layers in run.maps.values() for m in layers}))
            # emptied in place: the results handed out (inspectors, plots) hold this same dict
            run.maps.clear()
            if hasattr(run, "_map_bytes"):
                run._map_bytes = 0
            self._sizes.pop(id(run), None)
            total -= sizes[k]
            dropped.append((k, sizes[k], on_file(run)))
        if total > self.limit:
            self.trim_running(runs, total)
        return dropped

    def trim_running(self, runs: dict, total: int) -> None:
        """``runs`` hold ``total`` bytes, past ``limit``, with only the runs going and the runs kept (shown, asked
        for lately) left holding maps: the runs going keep their latest frames' maps within what is left
        (``LiveRun.trim_maps``, as their own budget does). A run going was never trimmed here, and beside a
        shown run it held up to twice the window's budget (its own ``MAP_BUDGET_BYTES`` beside the shown run's);
        the shown run is kept whole: dropped, it would be read back from its file at the next frame drawn."""
        for run in runs.values():
            if total <= self.limit:
                return
            if run.status == "running" and hasattr(run, "trim_maps"):
                own = self.run_bytes(run)
                total -= run.trim_maps(max(0, own - (total - self.limit)))

    def note(self, dropped: list[tuple[str, int, bool]]) -> str:
        """One line for the status bar: whose maps were dropped and why, and whether their files keep them."""
        names = ", ".join(k for k, _b, _f in dropped[:3]) + (f" and {len(dropped) - 3} more" if len(dropped) > 3 else "")
        freed = sum(b for _k, b, _f in dropped)
        unsaved = [k for k, _b, on in dropped if not on]
        where = ("their maps files keep them: showing one of their maps reads them back" if not unsaved else
                 f"not saved to a maps file: {', '.join(unsaved[:3])}" + ("..." if len(unsaved) > 3 else ""))
        return (f"Response maps of {names} dropped from memory ({freed / 2**20:.0f} MiB): the window keeps "
                f"{self.limit // 2**20} MiB of maps across its runs; {where}")
