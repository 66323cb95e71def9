"""Device choice in one place: ``auto`` | ``cpu`` | ``cuda``. Imports torch only when asked."""
from __future__ import annotations

from workbench.core.errors import WorkbenchError

CHOICES = ("auto", "cpu", "cuda")


def cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def resolve_device(choice: str = "auto") -> str:
    """The torch device string for a user's choice; ``cuda`` without a GPU is a user error."""
    choice = (choice or "auto").lower()
    if choice not in CHOICES:
        raise WorkbenchError(f"device must be one of {', '.join(CHOICES)}; got {choice!r}")
    if choice == "cpu":
        return "cpu"
    has_cuda = cuda_available()
    if choice == "cuda" and not has_cuda:
        raise WorkbenchError("device 'cuda' was asked for but no CUDA GPU is available (use auto or cpu)")
    return "cuda" if has_cuda else "cpu"


def autocast(device: str, enabled: bool = True):
    """Mixed precision (bf16) for the forward pass on CUDA when ``enabled``; a no-op context elsewhere
    (the CPU path stays float32, unchanged)."""
    import contextlib

    import torch

    if enabled and str(device).startswith("cuda"):
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def synchronize(device: str) -> None:
    """Wait for the device's queued work (timings of CUDA code); nothing on the CPU."""
    if str(device).startswith("cuda"):
        import torch

        torch.cuda.synchronize()
