"""IR / UAV / hyperspectral tracking and IR small-target segmentation workbench."""
import os as _os

# OpenMP threads that spin while they wait for work (GNU / LLVM OpenMP's default, as torch uses them)
# take whole cores from any other torch process on the machine: an analyst tracks in the window while a
# training job runs, and both then crawl (segmentation measured 10x slower beside a torch loop on 2
# cores). Sleeping waiters share the machine; this must be set before torch is first imported, which
# the workbench always does after importing this package. A user's own setting wins.
_os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

__version__ = "0.1.0"
