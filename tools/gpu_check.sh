#!/usr/bin/env bash
# Short GPU checks (after tools/gpu_session.sh): device-pair parity CPU vs CUDA, tracker box parity with
# TF32 off (workbench.core.device.full_float32), HRank ranks of a CUDA forward. From the repository root.
set -u
python3 - <<'PY'
import numpy as np, torch, time
from workbench.core.data.synthetic import demo_sequence
from workbench.core.training.corpus import Corpus, CorpusConfig
from workbench.core.training.device_pairs import DevicePairSampler
from workbench.core.training.pairs import PairConfig
seqs = [demo_sequence(frames=30, width=w, height=h, seed=s, name=f"walk{s}") for s, (w, h) in ((1, (320, 256)), (2, (400, 300)))]
base = Corpus.from_roots([], CorpusConfig(generated_irseq=1, self_prob=0.3)).add(seqs, "labelled").sampler(PairConfig(x_size=127))
cpu, gpu = DevicePairSampler(base, "cpu"), DevicePairSampler(base, "cuda")
cpu.aug.noise_prob = gpu.aug.noise_prob = 0.0
a, b = cpu.batch(16, np.random.default_rng(2)), gpu.batch(16, np.random.default_rng(2))
print("device pairs cpu vs cuda, max |diff| (z, x, boxes):", [float((u - v.cpu()).abs().max()) for u, v in zip(a, b)])
PY
python3 - <<'PY'
import sys; sys.path.insert(0, ".")
from benchmarks.gpu import tracker_rows
for r in tracker_rows(["cpu", "cuda"], False):
    print(f"{r['what']:<12} cpu {r.get('cpu', 0):7.1f} cuda {r.get('cuda', 0):7.1f} FPS  max box diff {r.get('max_box_diff_px')}  "
          f"mean IoU {r.get('mean_iou_cpu_cuda')} {r.get('cuda_error', '')}")
PY
mkdir -p /tmp/p; s=$(date +%s)
timeout 60 workbench prune siamfcpp --ratio 0.4 --out /tmp/p/pruned.pt --images 16 --batch-size 8 --device cuda 2>&1 | grep -v "^ranks" | tail -3
echo "prune with CUDA forward: rc=$? in $(( $(date +%s) - s )) s"
