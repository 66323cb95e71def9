"""Training shared by the plugins: the epoch loop (``loop``) and safe checkpoints (``checkpoints``)."""
from workbench.core.training.checkpoints import (CheckpointError, load_checkpoint, load_file, load_weights,
                                                 save_checkpoint, save_weights)
from workbench.core.training.loop import FitResult, fit, poly_lr, resume, resume_checkpoint, set_lr

__all__ = ["CheckpointError", "FitResult", "fit", "load_checkpoint", "load_file", "load_weights", "poly_lr",
           "resume", "resume_checkpoint", "save_checkpoint", "save_weights", "set_lr"]
