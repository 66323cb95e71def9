"""Stand-in detector networks for the seq_irst tests: the shape the detector expects of its network
(grid stride 1, frame-wise input normalisation); each test's subclass decides where cells fire."""
from __future__ import annotations

import torch


class StrideOneNet(torch.nn.Module):
    """Grid stride 1, ``input_norm_mode`` "frame"; subclasses give ``forward`` (7 channels a cell)."""

    input_norm_mode = "frame"

    def __init__(self):
        super().__init__()
        self.register_buffer("grid_stride", torch.tensor(1))

    @property
    def stride(self) -> int:
        return 1
