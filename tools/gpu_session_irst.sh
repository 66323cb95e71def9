#!/usr/bin/env bash
# A prepared GPU session for LW-IRSTNet (issue 20): the recipe's k-fold cross-validation at a long schedule,
# then the final training on every SIRST train + val image with the same recipe and epoch count (nothing
# held out, nothing chosen), then the final weights on SIRST-V2 (other recordings, never trained on).
#
#   ../shared/tools/device-stage irst/sirst irst/sirst_v2        # ~20 MiB beside the repository
#   (this session's data alone: with the tracker corpus pack in .device too it is ~79 MiB, over the 64 carried)
#   device run (carry .device):  . .device/setup.sh && OUT=$OUT bash tools/gpu_session_irst.sh
#
# Measured on an H200 (2026-12-04, bench gpu): 636 training samples/s at batch 32, crop 256, so 3 folds x 200
# epochs (227 images a fold-epoch) and the final 200 epochs take about 6 minutes. The steps share TOTAL seconds
# (default 520, under the device tool's 600 s a call with .device/setup.sh's install before them): each step's
# timeout is its share, cut to what is left, so an overrun costs only the steps after it (irst.tar is written
# after each step, so it holds the ones done).
# Under $OUT: session.log, cv.txt, final.txt, v2.txt, sirst_v2.json, irst.tar (cv.json, final weights, their
# history); the folds' and the final training's folders stay in $WORK (the device tool brings back 8 files).
# DRY=1: a CPU dry run (--device cpu, 1 epoch, ~6 minutes on 2 cores); without staging, give the data:
#   DRY=1 DATA=../shared/data/irst/sirst V2=../shared/data/irst/sirst_v2 bash tools/gpu_session_irst.sh
set -u
OUT=${OUT:-/tmp/irst_out}
WORK=${WORK:-$(mktemp -d)}
DATA=${DATA:-.device/data/irst/sirst}
V2=${V2:-.device/data/irst/sirst_v2}
DRY=${DRY:-0}
DEVICE=${DEVICE:-$([ "$DRY" = 1 ] && echo cpu || echo cuda)}
EPOCHS=${EPOCHS:-200}
BS=${BS:-32}
[ "$DRY" = 1 ] && EPOCHS=1 && BS=4
mkdir -p "$OUT" "$WORK"
TOTAL=${TOTAL:-520}
T0=$(date +%s)
# a step's timeout: its share (seconds), cut to what is left of TOTAL less what later steps keep (reserve)
budget() { local l=$(( TOTAL - ($(date +%s) - T0) - $2 )); [ "$l" -lt "$1" ] && echo $(( l > 10 ? l : 10 )) || echo "$1"; }
log() { echo "[$(( $(date +%s) - T0 )) s] $*" | tee -a "$OUT/session.log"; }
pack() {
  (cd "$WORK" && cp "$OUT/sirst_v2.json" . 2>/dev/null; tar cf "$OUT/irst.tar" --ignore-failed-read cv/cv.json \
      final/final_weights.pt final/final.json final/history.json sirst_v2.json 2>/dev/null) || true
}
RECIPE=(--data "$DATA" --split trainval.txt --epochs "$EPOCHS" --batch-size "$BS" --crop 256 --optimizer adam
        --lr 1e-3 --seed 0 --device "$DEVICE")
log "cv: 3 folds x $EPOCHS epochs"
timeout "$(budget 300 220)" workbench train lw_irstnet --cv 3 "${RECIPE[@]}" --out "$WORK/cv" > "$OUT/cv.txt" 2>&1
log "cv rc=$?"; tail -8 "$OUT/cv.txt" | tee -a "$OUT/session.log"; pack
log "final: all of trainval, $EPOCHS epochs"
timeout "$(budget 170 50)" workbench train lw_irstnet --final "${RECIPE[@]}" --out "$WORK/final" > "$OUT/final.txt" 2>&1
log "final rc=$?"; tail -4 "$OUT/final.txt" | tee -a "$OUT/session.log"; pack
W=$(ls "$WORK"/final/final_weights.pt 2>/dev/null)
if [ -n "$W" ] && [ -d "$V2" ]; then
  timeout "$(budget 50 0)" workbench segment --model lw_irstnet --weights "$W" --dataset "$V2" --device "$DEVICE" \
      --json "$OUT/sirst_v2.json" > "$OUT/v2.txt" 2>&1
  log "SIRST-V2 rc=$?"; tail -4 "$OUT/v2.txt" | tee -a "$OUT/session.log"
fi
pack
log "done; the folds' and the final training's folders: $WORK"
