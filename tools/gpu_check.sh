#!/usr/bin/env bash
# Short GPU checks (after tools/gpu_session.sh), from the repository root; about 4 minutes expected on an H200,
# 580 s at most (the steps' timeouts):
#   1. device-pair parity CPU vs CUDA (training pair sampler);
#   2. tracker FPS and box parity CPU vs CUDA with TF32 off, 40 frames (benchmarks/gpu.py tracker_rows, quick);
#   3. the SiamFC++ / PS-SiamFC++ per-frame paths (issue 22): host path, device path, device path + CUDA graph,
#      FPS per device and box parity against the CPU host path (workbench_siamfcpp_prune.device_bench);
#   4. NAS-TIR CPU vs CUDA boxes per online_precision (float32, float64, float64-all), 200 frames;
#   5. the CUDA-marked parity tests (device path, NAS-TIR);
#   6. HRank ranks of a CUDA forward (workbench prune).
#
#   OUT=/tmp/gpu_check bash tools/gpu_check.sh      # on the GPU machine; JSON / logs under $OUT
#   DRY=1 bash tools/gpu_check.sh                   # a CPU dry run: every step on the CPU, short inputs
set -u
OUT=${OUT:-/tmp/gpu_check}
DRY=${DRY:-0}
DEV=cuda; QUICK=; N_NAS=200
[ "$DRY" = 1 ] && DEV=cpu && QUICK=1 && N_NAS=12
export WB_DEV=$DEV WB_QUICK=${QUICK:-0} WB_N_NAS=$N_NAS
mkdir -p "$OUT"
T0=$(date +%s)
log() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
log "device $DEV (DRY=$DRY), $(python3 -c 'import torch; print(torch.__version__, torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no cuda")')"

timeout 60 python3 - <<'PY'
import os, numpy as np
from workbench.core.data.synthetic import demo_sequence
from workbench.core.training.corpus import Corpus, CorpusConfig
from workbench.core.training.device_pairs import DevicePairSampler
from workbench.core.training.pairs import PairConfig
seqs = [demo_sequence(frames=30, width=w, height=h, seed=s, name=f"walk{s}") for s, (w, h) in ((1, (320, 256)), (2, (400, 300)))]
base = Corpus.from_roots([], CorpusConfig(generated_irseq=1, self_prob=0.3)).add(seqs, "labelled").sampler(PairConfig(x_size=127))
cpu, gpu = DevicePairSampler(base, "cpu"), DevicePairSampler(base, os.environ["WB_DEV"])
cpu.aug.noise_prob = gpu.aug.noise_prob = 0.0
a, b = cpu.batch(16, np.random.default_rng(2)), gpu.batch(16, np.random.default_rng(2))
print("device pairs cpu vs", os.environ["WB_DEV"], "max |diff| (z, x, boxes):", [float((u - v.cpu()).abs().max()) for u, v in zip(a, b)])
PY
log "1. device pairs rc=$?"

timeout 120 python3 - <<'PY'
import os, sys; sys.path.insert(0, ".")
from benchmarks.gpu import tracker_rows
devs = ["cpu"] + (["cuda"] if os.environ["WB_DEV"] == "cuda" else [])
for r in tracker_rows(devs, True):  # 40 frames; steps 3 and 4 run 200
    print(f"{r['what']:<12} cpu {r.get('cpu', 0):7.1f} cuda {r.get('cuda', 0):7.1f} FPS  max box diff {r.get('max_box_diff_px')}  "
          f"mean IoU {r.get('mean_iou_cpu_cuda')} {r.get('cuda_error', '')}")
PY
log "2. tracker rows rc=$?"

timeout 120 python3 -m workbench_siamfcpp_prune.device_bench ${QUICK:+--quick} --json "$OUT/device_path.json" --force
log "3. SiamFC++ device path rc=$? ($OUT/device_path.json)"

timeout 150 python3 - "$OUT/nas_parity.json" <<'PY'
import json, os, sys, time
import numpy as np, torch
from workbench.core.boxes import Box, iou
from workbench.core.data.synthetic import demo_sequence
from workbench.core.device import full_float32
from workbench_nas_tir import NASTIRConfig
from workbench_nas_tir.tracker import make_tracker
dev, n = os.environ["WB_DEV"], int(os.environ["WB_N_NAS"])
if dev == "cuda":
    full_float32()
seq = demo_sequence(frames=n, width=640, height=512)
frames = [seq.frame(i) for i in range(n)]
box = Box(*seq.groundtruth[0])

def run(prec, d):
    t = make_tracker(NASTIRConfig(online_precision=prec, threads=0), d)
    t.initialize(frames[0], box)
    if d == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    b = np.array([tuple(t.track(f).box) for f in frames[1:]])
    if d == "cuda":
        torch.cuda.synchronize()
    return (n - 1) / (time.perf_counter() - t0), b

rows = []
for prec in ("float32", "float64", "float64-all"):
    try:
        fc, bc = run(prec, "cpu")
        fg, bg = run(prec, dev)
        d = np.abs(bc - bg)
        r = {"precision": prec, "frames": n, "cpu_fps": fc, f"{dev}_fps": fg, "max_box_diff_px": float(d.max()),
             "mean_box_diff_px": float(d.mean()), "mean_iou": float(np.mean(iou(bc, bg)))}
    except Exception as exc:
        r = {"precision": prec, "error": f"{type(exc).__name__}: {exc}"}
    rows.append(r)
    print("nas_tir", json.dumps(r), flush=True)
json.dump(rows, open(sys.argv[1], "w"), indent=1)
PY
log "4. NAS-TIR parity rc=$? ($OUT/nas_parity.json)"

# pytest's plugins not loaded: a pytest-qt without PySide6 (the device has none) stops the run before any test
if python3 -c "import pytest" 2>/dev/null; then
  PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 timeout 100 python3 -m pytest -q -rs plugins/siamfcpp_prune/tests/test_device_path.py \
      plugins/nas_tir/tests/test_nas_tir.py plugins/nas_tir/tests/test_online_precision.py \
      -k "cuda" 2>&1 | tail -12
  log "5. CUDA-marked tests rc=${PIPESTATUS[0]}"
else
  log "5. CUDA-marked tests not run: no pytest here (stage its wheels: python3 -m pip wheel -w .device/whl pytest)"
fi

# a fresh folder: prune refuses to write over its --out (a fixed /tmp/p/pruned.pt failed every run after the first)
P=$(mktemp -d); s=$(date +%s)
timeout 30 workbench prune siamfcpp --ratio 0.4 --out "$P/pruned.pt" --images 16 --batch-size 8 --device "$DEV" 2>&1 | grep -v "^ranks" | tail -3
log "6. prune with a $DEV forward: rc=${PIPESTATUS[0]} in $(( $(date +%s) - s )) s"; rm -rf "$P"
