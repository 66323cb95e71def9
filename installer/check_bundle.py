"""Check a built bundle: it starts, finds its plugins through the bundled entry-point metadata, opens
the demo offscreen, tracks, writes a valid PNG screenshot and exits 0.

    python installer/check_bundle.py [dist/workbench/workbench] [--timeout 600]

Standard library only (it checks the bundle, not this environment). Each step is timed; the exit
status is 0 when every check passed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "dist" / "workbench" / ("workbench.exe" if os.name == "nt" else "workbench")
PNG_SIG = b"\x89PNG\r\n\x1a\n"


def png_info(path: Path) -> tuple[int, int]:
    """(width, height) of a PNG whose chunks are all intact (CRCs checked, IDAT inflates, IEND present)."""
    data = path.read_bytes()
    if not data.startswith(PNG_SIG):
        raise ValueError(f"{path}: not a PNG (bad signature)")
    pos, size, idat, seen_end = 8, None, b"", False
    while pos < len(data):
        if pos + 8 > len(data):
            raise ValueError(f"{path}: truncated chunk header at byte {pos}")
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc = data[pos + 8 + n:pos + 12 + n]
        if len(body) != n or len(crc) != 4:
            raise ValueError(f"{path}: truncated {kind!r} chunk")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            raise ValueError(f"{path}: bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            seen_end = True
            break
        pos += 12 + n
    if size is None or not seen_end or not idat:
        raise ValueError(f"{path}: missing IHDR, IDAT or IEND")
    raw = zlib.decompress(idat)
    if not raw:
        raise ValueError(f"{path}: empty image data")
    return size


def run(cmd: list[str], env: dict, timeout: float) -> tuple[int, str, float]:
    """(exit status, output, seconds) of one step; a step that cannot start or runs past ``timeout`` (it is killed)
    is a failed step (exit -1) whose output says so, not a traceback that ends the check."""
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = "".join(s.decode(errors="replace") if isinstance(s, bytes) else s for s in (exc.stdout, exc.stderr) if s)
        return -1, f"{out}\n{cmd[0]} did not finish within {timeout:g} s (stopped; --timeout S gives it longer)", \
            time.perf_counter() - t0
    except OSError as exc:
        return -1, f"{cmd[0]} cannot be started: {exc.strerror or exc}", time.perf_counter() - t0
    return p.returncode, (p.stdout or "") + (p.stderr or ""), time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exe", nargs="?", default=str(DEFAULT), help=f"the bundle's executable (default {DEFAULT})")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per step (default 600)")
    ap.add_argument("--keep", help="keep the screenshot at this path")
    args = ap.parse_args(argv)
    exe = Path(args.exe).absolute()  # a bare name (workbench) is run from here, not looked up on PATH
    if not exe.is_file():
        print(f"check_bundle: no bundle at {exe}: build it first with `bash installer/build.sh`", file=sys.stderr)
        return 1
    failures = []
    with tempfile.TemporaryDirectory(prefix="wb-bundle-check-") as tmp:
        tmp = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        env.update(QT_QPA_PLATFORM="offscreen", WORKBENCH_WORKSPACE=str(tmp / "workspace"),
                   WORKBENCH_SETTINGS=str(tmp / "settings.ini"), HOME=str(tmp / "home"))
        (tmp / "home").mkdir()

        # 1. the plugins are found through the bundled dist-info (importlib.metadata entry points)
        rc, out, dt = run([str(exe), "list"], env, args.timeout)
        trackers = [ln.split()[0] for ln in out.splitlines() if ln.startswith("  ")]
        print(f"[{dt:6.1f} s] workbench list: exit {rc}, {len(trackers)} plugins: {', '.join(trackers)}")
        failed = [ln for ln in out.splitlines() if ln.startswith("failed to load")]
        for ln in failed:
            print(f"           {ln}")
        if rc != 0 or "kcf" not in trackers:
            failures.append(f"`list` exit {rc} or kcf missing:\n{out[-2000:]}")

        # 2. the window: demo sequence, default tracker, screenshot, clean exit
        shot = Path(args.keep) if args.keep else tmp / "shot.png"
        rc, out, dt = run([str(exe), "--demo", "--screenshot", str(shot)], env, args.timeout)
        print(f"[{dt:6.1f} s] workbench --demo --screenshot: exit {rc}")
        if rc != 0:
            failures.append(f"window exit {rc}:\n{out[-3000:]}")
        elif not shot.is_file():
            failures.append(f"no screenshot written:\n{out[-2000:]}")
        else:
            try:
                w, h = png_info(shot)
                print(f"           screenshot {w}x{h} PNG, {shot.stat().st_size} bytes, chunks and CRCs valid")
                if w < 200 or h < 200:
                    failures.append(f"screenshot only {w}x{h}")
            except (ValueError, zlib.error) as exc:
                failures.append(str(exc))
        if "Traceback" in out:
            failures.append(f"a traceback was printed:\n{out[-3000:]}")

        # 3. headless work in the same executable
        rc, out, dt = run([str(exe), "demo", "--out", str(tmp / "demo"), "--frames", "30", "--trackers", "kcf"],
                          env, args.timeout)
        # <out>/results/<dataset>/<tracker>/<variant>/<seq>.txt (README, `workbench demo`)
        ok = rc == 0 and any((tmp / "demo" / "results").glob("*/kcf/*/demo_thermal.txt"))
        print(f"[{dt:6.1f} s] workbench demo --frames 30 --trackers kcf: exit {rc}{'' if ok else ' (no results)'}")
        if not ok:
            failures.append(f"headless demo failed:\n{out[-2000:]}")
    for f in failures:
        print(f"FAILED: {f}", file=sys.stderr)
    print("bundle check: " + ("OK" if not failures else f"{len(failures)} failure(s)"))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
