"""Torch methods beside a training job: speed alone and beside a torch training loop, in one run.

An analyst trains in the background and tracks or segments in the window: two torch processes on one
machine. With OpenMP's default wait policy each process's idle threads spin for their next task and
take the cores the other one needs, so the workbench makes waiting threads spin briefly and then sleep
when it is imported (``workbench/__init__.py``: ``GOMP_SPINCOUNT=3000``, ``KMP_BLOCKTIME=1``). This
benchmark measures both:

- a workload process (LW-IRSTNet segmenting generated 256x256 frames, and the PS-SiamFC++ tracker on
  the thermal demo, each created through the plugin registry with default settings), timed alone and
  while a second process runs a torch training loop (a 4-layer conv net, Adam, batch 8 at 96x96);
- ``shipped``: both processes as the workbench starts them (short spin, then sleep), the workload at
  torch's default threads (every core: the library called from a script); ``shipped, command threads``: the
  same with the threads a ``workbench`` command starts with (``core.cpu.choose_command_threads``: the cores
  other processes leave free, sampled as it starts; every core alone); ``shipped, window threads``: the same
  with the workload at the threads the window computes with (``gui.preload.compute_threads``: a core
  fewer than the machine has, left for drawing); ``openmp-default``: no OpenMP wait settings when torch
  loads, i.e. OpenMP's own default, as before.

The ratio beside / alone is what matters (goal: at least 1 / 2.5 = 0.40). Methods that are not
installed are left out with the reason.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from workbench.core.bench import machine
from workbench.core.evaluation.plots import render_table

TRAIN_LOOP = r"""
import os
if os.environ.pop("WORKBENCH_BENCH_OPENMP_DEFAULT", ""):
    os.environ["OMP_WAIT_POLICY"] = "x"  # present, so importing the package sets no wait settings ...
    import workbench  # noqa: F401
    del os.environ["OMP_WAIT_POLICY"]  # ... and absent when torch loads OpenMP: its own default
import sys, time
import workbench  # noqa: F401  (a workbench training job: the package sets the wait policy)
import torch
net = torch.nn.Sequential(*[torch.nn.Conv2d(16, 16, 3, padding=1) for _ in range(4)])
opt = torch.optim.Adam(net.parameters())
x = torch.randn(8, 16, 96, 96)
end = time.time() + float(sys.argv[1])
print("ready", flush=True)
while time.time() < end:
    opt.zero_grad(); net(x).square().mean().backward(); opt.step()
"""

WORKLOAD = r"""
import os
if os.environ.pop("WORKBENCH_BENCH_OPENMP_DEFAULT", ""):
    os.environ["OMP_WAIT_POLICY"] = "x"  # present, so importing the package sets no wait settings ...
    import workbench  # noqa: F401
    del os.environ["OMP_WAIT_POLICY"]  # ... and absent when torch loads OpenMP: its own default
import json, sys, time
import numpy as np
from workbench.core.errors import WorkbenchError
from workbench.core.registry import default_registry
n = int(sys.argv[1]); reg = default_registry(); out = {}
if os.environ.get("WORKBENCH_BENCH_COMMAND_THREADS"):  # as a `workbench` command starts: the free cores
    from workbench.core.cpu import choose_command_threads
    choose_command_threads()  # before torch loads (OMP_NUM_THREADS)
if os.environ.get("WORKBENCH_BENCH_WINDOW_THREADS"):  # as the window computes: a core left for drawing
    import torch
    from workbench.gui.preload import compute_threads
    torch.set_num_threads(compute_threads())
try:
    seg = reg.get("lw_irstnet").create(device="cpu")
    rng = np.random.default_rng(0)
    frames = [(rng.random((256, 256)) * 255).astype(np.uint8) for _ in range(n)]
    seg.predict(frames[0])
    t = time.perf_counter()
    for f in frames:
        seg.predict(f)
    out["lw_irstnet segment"] = n / (time.perf_counter() - t)
except WorkbenchError as exc:
    out["lw_irstnet segment"] = str(exc)
try:
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.runs import run_tracker
    seq = demo_sequence(frames=n + 1, width=320, height=256)
    res = run_tracker(reg.get("ps_siamfcpp").create(device="cpu"), seq)
    out["ps_siamfcpp track"] = res.fps
except WorkbenchError as exc:
    out["ps_siamfcpp track"] = str(exc)
print(json.dumps(out))
"""


POLICIES = ("shipped", "shipped, command threads", "shipped, window threads", "openmp-default")


def _env(policy: str) -> dict:
    env = dict(os.environ)
    for k in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME", "WORKBENCH_BENCH_WINDOW_THREADS",
              "WORKBENCH_BENCH_COMMAND_THREADS", "OMP_NUM_THREADS", "WORKBENCH_THREADS"):
        env.pop(k, None)
    if policy == "openmp-default":
        env["WORKBENCH_BENCH_OPENMP_DEFAULT"] = "1"  # the scripts unset the policy before torch loads
    if policy == "shipped, window threads":
        env["WORKBENCH_BENCH_WINDOW_THREADS"] = "1"  # the workload computes with the window's threads
    if policy == "shipped, command threads":
        env["WORKBENCH_BENCH_COMMAND_THREADS"] = "1"  # the threads a `workbench` command starts with
    return env


def _workload(n: int, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", WORKLOAD, str(n)], capture_output=True, text=True, env=env,
                         timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "workload failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _beside_training(n: int, env: dict, seconds: float) -> dict:
    bg = subprocess.Popen([sys.executable, "-c", TRAIN_LOOP, str(seconds)], stdout=subprocess.PIPE, text=True,
                          env=env)
    try:
        bg.stdout.readline()  # the loop has started
        time.sleep(1.0)
        return _workload(n, env)
    finally:
        bg.kill()
        bg.wait()


def _rate(v) -> str:
    """A workload's frames / images a second, or why it did not run (its note), as the progress line says it."""
    return f"{v:.2f}" if isinstance(v, (int, float)) else str(v or "-")


def run(quick: bool = False) -> dict:
    n = 15 if quick else 40
    rows = []
    for k, policy in enumerate(POLICIES, 1):
        env = _env(policy)
        alone = _workload(n, env)
        beside = _beside_training(n, env, seconds=300)
        # each policy said as it ends (stderr): the table comes after all four, minutes on a busy machine, which
        # printed nothing before it (ten silent minutes, then stopped with nothing said)
        said = ", ".join(f"{m} {_rate(a)} / {_rate(beside.get(m))}" for m, a in alone.items())
        print(f"  {policy} ({k} of {len(POLICIES)}): alone / beside training /s: {said}", file=sys.stderr, flush=True)
        for method in alone:
            a, b = alone[method], beside.get(method)
            row = {"policy": policy, "method": method}
            if isinstance(a, str) or isinstance(b, str):
                row.update(status="absent", note=a if isinstance(a, str) else b)
            else:
                row.update(status="ok", alone=round(a, 2), beside_training=round(b, 2), ratio=round(b / a, 3))
            rows.append(row)
    table = [[r["policy"], r["method"], r.get("alone", "-"), r.get("beside_training", "-"), r.get("ratio", "-"),
              r.get("note", "")[:60]] for r in rows]
    print(render_table(["wait policy", "workload", "alone /s", "beside training /s", "ratio", "note"], table))
    shipped = [r["ratio"] for r in rows if r["policy"] == "shipped, command threads" and r["status"] == "ok"]
    goal = bool(shipped) and min(shipped) >= 0.4
    print(f"goal (every ratio of a `workbench` command's threads >= 0.40): {'met' if goal else 'not met'}")
    return {"name": "contention", "rows": rows, "goal_met": goal, "frames": n, "machine": machine()}


if __name__ == "__main__":  # --quick, --json F, --force by argparse (without this block the script did nothing)
    from _script import main  # (benchmarks/ is the script's own folder on sys.path)

    sys.exit(main(__file__, __doc__, run))
