"""IR / UAV / hyperspectral tracking and IR small-target segmentation workbench."""

__version__ = "0.1.0"
