"""A run's inspector docks that wait for its worker's imports: one rule for the tracker's, the segmenter's and the
detector's runs (each controller carried a copy of it). The docks whose modules are imported are built when the run
starts, before its worker loads a model beside the GUI thread (a dock built then waited for the interpreter lock); the
others once the run's worker has imported their modules (``runner.inspector_imports``, imported by
``runner.import_for_window``: its ``imported`` event, a tracker's ``info``), not by an import job of the window's own
beside the model's loading; those still due when the run ends (stopped before its worker imported them) on the turn
after, unless another run is going by then."""
from __future__ import annotations

from workbench.gui.runner import open_inspectors
from workbench.gui.worker import later


class InspectorsDue:
    """The inspector docks of the run of a controller (``owner``, its window ``window``) not opened yet; ``running()``:
    a run of that controller is going."""

    def __init__(self, window, owner, running):
        self.w, self.owner, self.running = window, owner, running
        self.due: list[tuple] = []  # (plugin, title) of the run's inspectors whose docks wait for its imports

    def start(self, plugins) -> None:
        """A run of ``plugins`` begins (before its job starts): one dock per inspector, those whose modules are
        imported built now (behind the tab on screen: ``runner.open_inspectors``), the others due."""
        self.due = [(plugin, title) for plugin in plugins for title in plugin.inspectors]
        self.imported()

    def imported(self) -> None:
        """The run's worker has imported their modules: the docks due whose modules are imported are built."""
        if self.due:
            self.due = open_inspectors(self.w, self.due)

    def ended(self) -> None:
        """The run ended: the docks still due are built on the turn after (a module that did not import is said then,
        by ``MainWindow.open_inspector``), unless another run is going by then (the docks due are its own)."""
        if self.due:
            later(self._open_rest, 1, self.owner)

    def _open_rest(self) -> None:
        if not self.running():
            self.due = open_inspectors(self.w, self.due, imported_only=False)
