"""How many CPU threads a computing command starts with: the cores other processes leave free.

torch and ONNX Runtime start one compute thread per core. Beside a training job that already keeps the
cores busy, every-core threads fight the training at each barrier of each layer: on 2 cores, LW-IRSTNet
segmentation ran at 0.32 of its speed alone beside a torch training loop with every core, and at 0.75 with
one thread (`workbench bench contention`). So a ``workbench`` command that computes (run, demo, a plugin's
train / segment / detect / search / prune) samples how busy the machine is for a moment before torch
loads, and starts torch with the cores that are free (at least one). An idle machine keeps every core.
``--threads N`` (where a verb has it), ``WORKBENCH_THREADS`` or ``OMP_NUM_THREADS`` choose instead.
Linux only (``/proc/stat``); elsewhere nothing changes.
"""
from __future__ import annotations

import math
import os
import time
from typing import Callable

PROC_STAT = "/proc/stat"
SAMPLE_SECONDS = 0.2
# a core counts as taken when other processes kept it busy for more than 3/4 of the sample: a shell or
# a short-lived helper does not take a thread away, a training loop (busy all the time) does
TAKEN = 0.75


def cpu_times(path: str = PROC_STAT) -> tuple[int, int] | None:
    """(busy, total) clock ticks of all cores together since boot, from the first line of ``/proc/stat``;
    None where there is no such file or it cannot be read."""
    try:
        with open(path, encoding="ascii") as f:
            first = f.readline().split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(first) < 5 or first[0] != "cpu":
        return None
    try:
        ticks = [int(v) for v in first[1:]]
    except ValueError:
        return None
    # user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is already in user / nice
    total = sum(ticks[:8])
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return total - idle, total


def busy_cores(seconds: float = SAMPLE_SECONDS, cores: int | None = None,
               read: Callable[[], tuple[int, int] | None] = cpu_times,
               sleep: Callable[[float], None] = time.sleep) -> float | None:
    """How many cores other processes kept busy over the next ``seconds`` (this process sleeps
    meanwhile, so its own use is not counted); None where the system does not say."""
    cores = cores or os.cpu_count() or 1
    a = read()
    if a is None:
        return None
    sleep(seconds)
    b = read()
    if b is None or b[1] <= a[1]:
        return None
    return cores * (b[0] - a[0]) / (b[1] - a[1])


def free_threads(cores: int | None = None, busy: float | None = None) -> int:
    """The cores left free by ``busy`` cores of other work: at least one, at most ``cores``."""
    cores = cores or os.cpu_count() or 1
    if busy is None:
        return cores
    taken = math.floor(max(0.0, busy) + (1.0 - TAKEN))
    return max(1, min(cores, cores - taken))


def choose_command_threads(environ: dict | None = None, sample: Callable[[], float | None] | None = None,
                           cores: int | None = None,
                           choose: str = "--threads N or WORKBENCH_THREADS=N") -> tuple[int, str] | None:
    """For a computing command, before torch loads: (threads, why) when fewer threads than cores should be
    used because other processes keep cores busy, and set ``OMP_NUM_THREADS`` (which torch reads when it
    loads) to it; None when the user chose (``WORKBENCH_THREADS``, ``OMP_NUM_THREADS``) or every core is
    free, leaving everything as it was. ``choose``: how the user of that command chooses (``why`` says it; a verb
    without --threads names WORKBENCH_THREADS alone)."""
    env = os.environ if environ is None else environ
    if env.get("OMP_NUM_THREADS", "").strip():
        return None
    chosen = env.get("WORKBENCH_THREADS", "").strip()
    if chosen:
        if chosen.isdigit() and int(chosen) > 0:
            env["OMP_NUM_THREADS"] = chosen
        return None
    cores = cores or os.cpu_count() or 1
    if cores < 2:
        return None
    busy = (sample or busy_cores)()
    n = free_threads(cores, busy)
    if n >= cores:
        return None
    env["OMP_NUM_THREADS"] = str(n)
    return n, (f"{busy:.1f} of {cores} cores busy with other work: computing with {n} thread{'s' * (n != 1)} "
               f"({choose} to choose)")
