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
    if has_cuda:
        full_float32()
    return "cuda" if has_cuda else "cpu"


def full_float32() -> None:
    """float32 work on CUDA in full float32: cuDNN's convolutions default to TF32 (10-bit mantissa) on
    Ampere and later, and trackers that learn online (NAS-TIR's filter optimisation, HA-Net's update)
    turn that rounding into boxes that drift from the CPU's. Speed comes from bf16 where we ask for it
    (``autocast``), not from TF32 behind the user's back."""
    import torch

    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False


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
