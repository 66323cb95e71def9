"""IR / UAV / hyperspectral tracking and IR small-target segmentation workbench."""
import os as _os

# OpenMP threads that spin while they wait for work (GNU OpenMP's default spins ~300,000 rounds) take
# whole cores from any other torch process on the machine: an analyst tracks in the window while a
# training job runs, and both crawl (LW-IRSTNet segmentation measured 23 -> 1.6 images/s beside a torch
# training loop on 2 cores). Waiting threads that spin briefly, then sleep, share the machine (8.9
# images/s beside it) and keep most of the speed alone (17-18); sleeping at once (OMP_WAIT_POLICY=
# PASSIVE) shares best (12.8) but halves it alone (10.3). `workbench bench contention` measures this.
# Set before torch first loads OpenMP, which the workbench always does after importing this package;
# a user's own OpenMP settings win.
if "OMP_WAIT_POLICY" not in _os.environ:
    _os.environ.setdefault("GOMP_SPINCOUNT", "3000")  # GNU OpenMP (torch's Linux wheels)
    _os.environ.setdefault("KMP_BLOCKTIME", "1")  # LLVM / Intel OpenMP: milliseconds a waiting thread spins

__version__ = "0.1.0"
