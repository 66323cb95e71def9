"""The window's concerns, one QObject each, owned by ``MainWindow``: the open sequence and its frames
(``sequence``), tracker runs (``tracking``), segmenter runs (``segmentation``), detector runs
(``detection``), the plots dock's scores (``scoring``) and exports (``export``). They reach docks
through the window's public attributes and tell each other what changed through signals the window
connects."""
from workbench.gui.controllers.detection import DetectionController
from workbench.gui.controllers.export import ExportController
from workbench.gui.controllers.scoring import ScoringController
from workbench.gui.controllers.segmentation import SegmentationController
from workbench.gui.controllers.sequence import SequenceController
from workbench.gui.controllers.tracking import TrackingController

__all__ = ["DetectionController", "ExportController", "ScoringController", "SegmentationController",
           "SequenceController", "TrackingController"]
