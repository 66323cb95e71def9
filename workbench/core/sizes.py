"""Sizes in words for what the workbench prints: ``size_text(123)`` -> "123 bytes", "4.5 KiB", "12.3 MiB".

A small file said as "0.0 MiB" (a pack of a few frames) read as an empty one."""
from __future__ import annotations


def size_text(n: int | float) -> str:
    """``n`` bytes in the unit that shows it: bytes under 1 KiB, then KiB, MiB, GiB (multiples of 1024, named as
    such), one decimal above bytes."""
    n = float(n)
    if n < 1024:
        return f"{int(n)} byte{'' if int(n) == 1 else 's'}"
    for unit in ("KiB", "MiB", "GiB"):
        n /= 1024
        if float(f"{n:.1f}") < 1024 or unit == "GiB":  # as shown: 1048575 bytes "1.0 MiB", not "1024.0 KiB"
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")
