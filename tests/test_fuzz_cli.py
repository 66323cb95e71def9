"""Table-driven CLI suite (issue 25): each row is a verb with a bad (or good) input, run in-process
through ``workbench.cli.main`` and checked for its exact outcome class:

- ``clear``: exit status 2 and a last stderr line under 200 characters naming the file / flag, no traceback;
- ``ok``: exit status 0 and no traceback; ``warning``: exit 0 with a one-line ``warning: ...`` on stderr.

The tally (tried, clear, warnings, tracebacks, hangs, wrong) is printed like the reader table's.
"""
from __future__ import annotations

import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def _h5(path: Path, data=None, **kw) -> Path:
    h5py = pytest.importorskip("h5py")
    with h5py.File(path, "w") as f:
        if data is not None:
            f["cube"] = data
        else:
            f.create_dataset("cube", **kw)
    return path


def _fixtures(tmp: Path) -> dict:
    fx = {}
    demo = write_demo(tmp / "data", frames=8, width=64, height=48)
    fx["seq"] = demo
    fx["file"] = tmp / "afile"
    fx["file"].write_text("x")
    fx["missing"] = tmp / "missing_seq"
    # a dataset with one sequence whose groundtruth has a text value
    ds = tmp / "ds"
    ds.mkdir()
    for name in ("a", "b"):
        write_demo(tmp / f"_{name}", frames=6, width=64, height=48).rename(ds / name)
    gt = ds / "b" / "groundtruth_rect.txt"
    lines = gt.read_text().splitlines()
    lines[1] = "1e300,abc,4,4"
    gt.write_text("\n".join(lines) + "\n")
    fx["bad_ds"], fx["bad_gt"] = ds, gt
    fx["strs_h5"] = _h5(tmp / "strs.h5", np.full((16, 16, 4), b"ab", dtype="S5"))
    fx["empty_h5"] = _h5(tmp / "empty.h5", shape=(0, 32, 32), dtype="f4")
    fx["text_h5"] = tmp / "notreally.h5"
    fx["text_h5"].write_text("not an hdf5 file\n")
    # result folders: empty file, short file, text values
    for label, text in (("empty", ""), ("short", "1,2,3,4\n"), ("text", "a,b,c,d\n" * 8), ("huge", "1e300,1,2,3\n" * 8),
                        ("nanfirst", "nan,nan,nan,nan\n" + "1,2,3,4\n" * 7)):
        f = tmp / f"res_{label}" / "kcf" / "demo_thermal.txt"
        f.parent.mkdir(parents=True)
        f.write_text(text)
        fx[f"res_{label}"] = f
    fx["res_dir_empty"] = tmp / "res_nothing"
    fx["res_dir_empty"].mkdir()
    fx["badjson"] = tmp / "res_badjson"
    f = fx["badjson"] / "data" / "kcf" / "default"
    f.mkdir(parents=True)
    (f / "demo_thermal.txt").write_text("1,2,3,4\n" * 8)
    (f / "manifest.json").write_text("{not json")
    fx["manifest"] = f / "manifest.json"
    ck = tmp / "ck"
    ck.mkdir()
    (ck / "text.pt").write_text("hello\n")
    (ck / "empty.pt").write_bytes(b"")
    fx["ck"] = ck
    return fx


def R(*a):  # noqa: N802 - a row's argv
    return list(a)


def _cases(fx: dict) -> list[tuple[str, list, str, str]]:
    """(label, argv, expected outcome, text the last stderr line must hold)."""
    seq, out = str(fx["seq"]), str(fx["file"].parent / "out")
    rows = [
        ("run --out file", R("run", "--tracker", "kcf", "--sequence", seq, "--out", str(fx["file"])), "clear", str(fx["file"])),
        ("run --out under file", R("run", "--tracker", "kcf", "--sequence", seq, "--out", str(fx["file"] / "x")), "clear", str(fx["file"])),
        ("run missing seq", R("run", "--tracker", "kcf", "--sequence", str(fx["missing"]), "--out", out), "clear", "missing_seq"),
        ("run unknown tracker", R("run", "--tracker", "nope", "--sequence", seq, "--out", out), "clear", "nope"),
        ("run segmenter as tracker", R("run", "--tracker", "lw_irstnet", "--sequence", seq, "--out", out), "clear", "lw_irstnet"),
        ("run --init text", R("run", "--tracker", "kcf", "--sequence", seq, "--init", "a,b,c,d", "--out", out), "clear", "--init"),
        ("run --init 3 values", R("run", "--tracker", "kcf", "--sequence", seq, "--init", "1,2,3", "--out", out), "clear", "--init"),
        ("run --init zero size", R("run", "--tracker", "kcf", "--sequence", seq, "--init", "1,2,0,4", "--out", out), "clear", "--init"),
        ("run --init outside", R("run", "--tracker", "kcf", "--sequence", seq, "--init", "-300,-300,40,40", "--out", out), "clear", "outside"),
        ("run --init negative ok", R("run", "--tracker", "kcf", "--sequence", seq, "--init", "-10,-10,30,30", "--out", out), "ok", ""),
        ("run --start past end", R("run", "--tracker", "kcf", "--sequence", seq, "--start", "99", "--out", out), "clear", "start frame 99"),
        ("run --start -1", R("run", "--tracker", "kcf", "--sequence", seq, "--start", "-1", "--out", out), "clear", "start frame -1"),
        ("run one frame", R("run", "--tracker", "kcf", "--sequence", seq, "--start", "7", "--out", out), "ok", ""),
        ("run --set bad", R("run", "--tracker", "kcf", "--sequence", seq, "--set", "nokey", "--out", out), "clear", "--set"),
        ("run --set unknown key", R("run", "--tracker", "kcf", "--sequence", seq, "--set", "zzz=1", "--out", out), "clear", "zzz"),
        ("run h5 strings", R("run", "--tracker", "kcf", "--sequence", str(fx["strs_h5"]), "--init", "1,1,5,5", "--out", out), "clear", "strs.h5"),
        ("run h5 empty", R("run", "--tracker", "kcf", "--sequence", str(fx["empty_h5"]), "--init", "1,1,5,5", "--out", out), "clear", "empty.h5"),
        ("run h5 not hdf5", R("run", "--tracker", "kcf", "--sequence", str(fx["text_h5"]), "--init", "1,1,5,5", "--out", out), "clear", "notreally.h5"),
        ("run dataset with bad gt", R("run", "--tracker", "kcf", "--dataset", str(fx["bad_ds"]), "--out", out), "clear", "failed"),
        ("run --name with 2 trackers", R("run", "--tracker", "kcf,dsst", "--name", "x", "--sequence", seq, "--out", out), "clear", "--name"),
        ("run vot with init", R("run", "--tracker", "kcf", "--sequence", seq, "--protocol", "vot", "--init", "1,1,5,5", "--out", out), "clear", "vot"),
        ("run local --address", R("run", "--tracker", "kcf", "--sequence", seq, "--address", "tcp://x:1", "--out", out), "clear", "--address"),
        ("demo --frames -5", R("demo", "--frames", "-5", "--out", out), "clear", "--frames -5"),
        ("demo --frames 0", R("demo", "--frames", "0", "--out", out), "clear", "--frames 0"),
        ("demo --out file", R("demo", "--out", str(fx["file"])), "clear", str(fx["file"])),
        ("list bad dataset", R("list", "--dataset", str(fx["bad_ds"])), "clear", "1 of 2"),
        ("list missing", R("list", "--dataset", str(fx["missing"])), "clear", "missing_seq"),
        ("list good", R("list", "--dataset", str(fx["seq"])), "ok", ""),
        ("eval no folder", R("eval", str(fx["missing"]), "--dataset", seq), "clear", "missing_seq"),
        ("eval empty folder", R("eval", str(fx["res_dir_empty"]), "--dataset", seq), "clear", "res_nothing"),
        ("eval empty result file", R("eval", str(fx["res_empty"].parent.parent), "--dataset", seq), "clear", "demo_thermal.txt"),
        ("eval short result file", R("eval", str(fx["res_short"].parent.parent), "--dataset", seq), "clear", "demo_thermal.txt"),
        ("eval text result file", R("eval", str(fx["res_text"].parent.parent), "--dataset", seq), "clear", "demo_thermal.txt"),
        ("eval huge result value ok", R("eval", str(fx["res_huge"].parent.parent), "--dataset", seq), "ok", ""),
        ("eval NaN first row ok", R("eval", str(fx["res_nanfirst"].parent.parent), "--dataset", seq), "ok", ""),
        ("eval damaged manifest", R("eval", str(fx["badjson"]), "--dataset", seq), "clear", "manifest.json"),
        ("eval dataset with bad gt", R("eval", str(fx["res_short"].parent.parent), "--dataset", str(fx["bad_ds"])), "clear", "not scored: b"),
        ("eval no results given", R("eval", "--dataset", seq), "clear", "results folder"),
        ("eval bad --eao-range", R("eval", str(fx["res_short"].parent.parent), "--dataset", seq, "--protocol", "vot", "--eao-range", "9,1"), "clear", "--eao-range"),
        ("eval --json under file", R("eval", str(fx["res_nanfirst"].parent.parent), "--dataset", seq, "--json", str(fx["file"] / "s.json")), "clear", str(fx["file"])),
        ("generate unknown", R("generate", "nope"), "clear", "nope"),
        ("generate --help", R("generate", "--help"), "ok", ""),
        ("bench unknown", R("bench", "no_such_bench"), "clear", "no_such_bench"),
        ("segment --help", R("segment", "--help"), "ok", ""),
        ("train --help", R("train", "--help"), "ok", ""),
        ("train no name", R("train"), "clear", "train"),
        ("train unknown plugin", R("train", "nope_plugin", "--out", out), "clear", "nope_plugin"),
        ("detect empty range", R("detect", "--model", "seq_irst", "--sequence", seq, "--frames", "50:10"), "clear", "--frames 50:10"),
        ("detect --model without name", R("detect", "--model"), "clear", "--model"),
        ("segment missing weights", R("segment", "lw_irstnet", "--dataset", seq, "--weights", str(fx["ck"] / "none.pt")), "clear", "none.pt"),
        ("segment text weights", R("segment", "lw_irstnet", "--dataset", seq, "--weights", str(fx["ck"] / "text.pt")), "clear", "text.pt"),
        ("segment empty weights", R("segment", "lw_irstnet", "--dataset", seq, "--weights", str(fx["ck"] / "empty.pt")), "clear", "empty.pt"),
        # frames without point labels (the thermal demo: boxes, not points) are detected, not scored
        ("detect unlabelled frames", R("detect", "--model", "seq_irst", "--sequence", seq), "ok", ""),
        ("detect no such folder", R("detect", "--model", "seq_irst", "--sequence", str(fx["missing"])), "clear",
         "no such file or folder"),
        ("detect a plain file", R("detect", "--model", "seq_irst", "--sequence", str(fx["file"])), "clear", "no sequence here"),
    ]
    return rows


def _classify(rc, err: str, expected: str, needle: str, root: str) -> tuple[str, str]:
    """(class, line); a line's length is measured without ``root``, the folder the cases' files are in."""
    if "Traceback" in err:
        return "tracebacks", err.splitlines()[-1] if err.strip() else ""
    lines = [ln for ln in err.splitlines() if ln.strip() and "%" not in ln]  # progress bars aside
    if rc == 0:
        warned = [ln for ln in lines if ln.startswith("warning: ")]
        got = "warnings" if warned else "ok"
        bad = [ln for ln in lines if ln.startswith("warning") and (len(ln.replace(root, '')) >= 200 or not ln.startswith("warning: "))]
        if bad:
            return "wrong", bad[0]
        return got, ""
    if rc != 2 or not lines:
        return "wrong", f"exit {rc}: {lines[-1] if lines else '(nothing on stderr)'}"
    last = lines[-1]
    if len(last.replace(root, '')) >= 200 or (needle and needle not in last):
        return "wrong", last
    return "clear", last


def test_cli_table(tmp_path, capsys):
    fx = _fixtures(tmp_path)
    capsys.readouterr()
    tally = {k: 0 for k in ("tried", "clear", "warnings", "ok", "tracebacks", "hangs", "wrong")}
    bad = []
    t0 = time.perf_counter()
    for label, argv, expected, needle in _cases(fx):
        tally["tried"] += 1
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            try:
                rc = main(argv)
            except SystemExit as e:  # argparse's own usage errors (exit 2) and --help (exit 0)
                rc = e.code
            except BaseException as exc:  # noqa: BLE001 - an escaped exception is a traceback
                rc, _ = None, capsys.readouterr()
                tally["tracebacks"] += 1
                bad.append(f"{label}: {type(exc).__name__}: {exc}")
                continue
        err = capsys.readouterr().err
        if time.perf_counter() - t > 30:
            tally["hangs"] += 1
            bad.append(f"{label}: took {time.perf_counter() - t:.0f} s")
            continue
        got, line = _classify(rc, err, expected, needle, str(tmp_path))
        if got in ("ok", "warnings") and expected in ("ok", "warnings"):
            tally[got] += 1
        elif got == expected:
            tally[got] += 1
        else:
            tally["wrong" if got != "tracebacks" else "tracebacks"] += 1
            bad.append(f"{label}: expected {expected}, got {got} (exit {rc}): {line}")
    line = ", ".join(f"{k} {v}" for k, v in tally.items())
    print(f"\nCLI table ({time.perf_counter() - t0:.1f} s): {line}")
    for b in bad:
        print("  ", b)
    assert tally["tracebacks"] == 0 and tally["hangs"] == 0 and tally["wrong"] == 0, "\n".join(bad)
