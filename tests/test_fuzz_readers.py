"""Fuzz sweep over every reader: a valid file of each format is damaged at random (truncated, bytes
flipped, wrong ENVI header fields, malformed groundtruth, NaN / inf / huge values, empty files,
wrong row counts, binary garbage) and opened the way the application opens it (layout detection,
groundtruth, attributes, first / last / a random frame). Each case must either read or fail with a
``WorkbenchError`` whose message names the damaged file (or the folder it sits in) — any other
exception is a crash. Checkpoints: damaged weight files and pickle-carrying files are refused, and
no pickled code ever runs.

A seeded random generator drives the sweep (hypothesis is not a project dependency), so a failing
case is reproducible from the seed and index printed with it. The default run tries a few hundred
cases per family (seconds); ``pytest -m slow tests/test_fuzz_readers.py`` runs ten times as many.
"""
from __future__ import annotations

import os
import pickle
import random
import re
import shutil
import time
import traceback
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.errors import WorkbenchError

SEED = int(os.environ.get("WORKBENCH_FUZZ_SEED", "20261123"))

# --- damage --------------------------------------------------------------------------------------

BAD_TOKENS = ["nan", "NaN", "inf", "-inf", "1e308", "1e999", "-1e400", "1e-320", "abc", "", "0x10", "--", "\x00",
              "１２", "9" * 400, "-0", "1,2", "None", "[1]", "\ufeff1"]


def damage_text(text: str, rng: random.Random) -> str | bytes:
    lines = text.splitlines()
    kind = rng.randrange(13)
    if kind == 0:
        return ""
    if kind == 1:
        return text[:rng.randrange(len(text) + 1)]
    if kind == 2 and lines:  # a row too few
        del lines[rng.randrange(len(lines))]
    elif kind == 3 and lines:  # rows too many
        lines += lines[:rng.randrange(1, 4)]
    elif kind == 4 and lines:  # a bad token
        i = rng.randrange(len(lines))
        toks = lines[i].replace("\t", ",").replace(" ", ",").split(",")
        toks[rng.randrange(len(toks))] = rng.choice(BAD_TOKENS)
        lines[i] = ",".join(toks)
    elif kind == 5 and lines:  # blank line inside
        lines.insert(rng.randrange(len(lines)), "")
    elif kind == 6 and lines:  # a column more or less
        i = rng.randrange(len(lines))
        lines[i] = lines[i] + ",7" if rng.random() < 0.5 else lines[i].rsplit(",", 1)[0]
    elif kind == 7:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
    elif kind == 8:  # every value huge, negative or NaN
        v = rng.choice(["1e300", "-1e300", "nan", "-5", "0", "3.4e38"])
        lines = [",".join(v for _ in ln.split(",")) for ln in lines]
    elif kind == 9:
        return "\ufeff" + "\r\n".join(lines) + "\r\n"
    elif kind == 10 and lines:  # separators mixed
        lines = [ln.replace(",", rng.choice(["\t", " ", ";", " , ", ",,"])) for ln in lines]
    elif kind == 11:  # a thousand extra lines
        lines += ["1,1,1,1"] * 1000
    elif kind == 12 and lines:  # a line of a different format in the middle
        lines[rng.randrange(len(lines))] = rng.choice(["x,y,w,h", "m1,2,3", "1 2 3 4 5 6 7 8 9", "#comment"])
    return "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")


def damage_bytes(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:
        return b""
    if kind == 1:
        return data[:rng.randrange(len(data))]
    if kind == 2:
        b = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if kind == 3:  # the header region damaged
        b = bytearray(data)
        for i in range(min(len(b), rng.randrange(1, 64))):
            b[i] = rng.randrange(256)
        return bytes(b)
    if kind == 4:
        return data + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 500)))
    return b"this is not binary data\n" * rng.randrange(1, 5)


def write_any(path: Path, content) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")


# --- valid fixtures, one per format family ----------------------------------------------------------

N = 5  # frames per generated sequence
H, W = 24, 32


def _frame(i, dtype=np.uint8):
    yy, xx = np.mgrid[0:H, 0:W]
    img = ((xx * 7 + yy * 3 + i * 11) % 200).astype(np.float64)
    return (img * (200 if dtype == np.uint16 else 1)).astype(dtype)


def _boxes_text(n=N, one_based=False, sep=","):
    return "".join(sep.join(f"{v:.1f}" for v in (4 + i + one_based, 5 + one_based, 8, 6)) + "\n" for i in range(n))


def _images(folder: Path, n=N, ext=".png", digits=4, dtype=np.uint8, prefix=""):
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        cv2.imwrite(str(folder / f"{prefix}{i + 1:0{digits}d}{ext}"), _frame(i, dtype))


def make_otb(root: Path) -> Path:
    s = root / "seq"
    _images(s / "img", dtype=np.uint16)
    (s / "groundtruth_rect.txt").write_text(_boxes_text(one_based=True))
    (s / "occlusion.label").write_text("0\n1\n0\n0\n1\n")
    return s


def make_vot(root: Path) -> Path:
    s = root / "vot"
    _images(s / "color", ext=".jpg", digits=8)
    (s / "groundtruth.txt").write_text("".join(f"{4 + i},5,{12 + i},5,{12 + i},11,{4 + i},11\n" for i in range(N)))
    (s / "occlusion.tag").write_text("0\n0\n1\n0\n0\n")
    (s / "camera_motion.label").write_text("1\n0\n0\n0\n0\n")
    return s


def make_got10k(root: Path) -> Path:
    s = root / "GOT-10k_Val_000001"
    _images(s, ext=".jpg", digits=8)
    (s / "groundtruth.txt").write_text(_boxes_text())
    (s / "absence.label").write_text("0\n0\n1\n0\n0\n")
    (s / "cover.label").write_text("8\n8\n0\n4\n8\n")
    (s / "meta_info.ini").write_text("[METAINFO]\nobject_class: bird\nmotion_class: flying\n")
    return s


def make_lasot(root: Path) -> Path:
    s = root / "bird-1"
    _images(s / "img", ext=".jpg", digits=8)
    (s / "groundtruth.txt").write_text(_boxes_text(one_based=True))
    (s / "full_occlusion.txt").write_text("0,0,1,0,0\n")
    (s / "out_of_view.txt").write_text("0,0,0,0,1\n")
    (s / "nlp.txt").write_text("a bird\n")
    return s


def make_uavdt(root: Path) -> Path:
    _images(root / "UAV-benchmark-S" / "S0101", ext=".jpg", digits=6, prefix="img")
    anno = root / "UAV-benchmark-SOT_v1.0" / "anno"
    anno.mkdir(parents=True)
    (anno / "S0101_gt.txt").write_text(_boxes_text(one_based=True))
    return root / "UAV-benchmark-S" / "S0101"


def make_visdrone(root: Path) -> Path:
    _images(root / "sequences" / "uav0001", ext=".jpg", digits=7)
    (root / "annotations").mkdir(parents=True)
    (root / "annotations" / "uav0001.txt").write_text(_boxes_text(one_based=True))
    return root / "sequences" / "uav0001"


def make_uav123(root: Path) -> Path:
    _images(root / "data_seq" / "UAV123" / "bike1", ext=".jpg", digits=6)
    (root / "anno" / "UAV123").mkdir(parents=True)
    (root / "anno" / "UAV123" / "bike1.txt").write_text(_boxes_text(one_based=True))
    return root / "data_seq" / "UAV123" / "bike1"


def make_folder(root: Path) -> Path:
    s = root / "plain"
    _images(s, ext=".bmp")
    (s / "groundtruth.txt").write_text(_boxes_text(sep="\t"))
    return s


def make_video(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "clip.avi"
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (W, H), False)
    for i in range(N):
        vw.write(_frame(i))
    vw.release()
    (root / "clip.txt").write_text(_boxes_text())
    return path


def make_envi(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    cube = np.arange(H * W * 6, dtype=np.int16).reshape(H, 6, W)  # BIL: line, band, sample
    (root / "cube.img").write_bytes(cube.tobytes())
    (root / "cube.hdr").write_text(
        "ENVI\ndescription = {fuzz}\nsamples = %d\nlines = %d\nbands = 6\nheader offset = 0\nfile type = ENVI Standard\n"
        "data type = 2\ninterleave = bil\nbyte order = 0\nwavelength = {400, 450, 500, 550, 600, 650}\n"
        "reflectance scale factor = 10000\n" % (W, H))
    return root / "cube.hdr"


def make_h5(root: Path) -> Path:
    import h5py

    root.mkdir(parents=True, exist_ok=True)
    with h5py.File(root / "cube.h5", "w") as f:
        d = f.create_dataset("cube", data=np.random.default_rng(0).random((N, H, W, 4)).astype(np.float32))
        d.attrs["wavelengths"] = np.array([470.0, 510.0, 600.0, 650.0])
    return root / "cube.h5"


def make_sirst(root: Path) -> Path:
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    (root / "splits").mkdir()
    for k in range(3):
        cv2.imwrite(str(root / "images" / f"Misc_{k}.png"), _frame(k))
        m = np.zeros((H, W), np.uint8)
        m[5:8, 6 + k:9 + k] = 255
        cv2.imwrite(str(root / "masks" / f"Misc_{k}_pixels0.png"), m)
    (root / "splits" / "train.txt").write_text("Misc_0\nMisc_1\nMisc_2\n")
    return root


# --- opening things the way the application does -----------------------------------------------------

def touch_sequence(path: Path, rng: random.Random) -> None:
    from workbench.core.data import open_dataset, open_sequence
    from workbench.core.data.groundtruth import check_boxes

    seqs = [open_sequence(path)]
    for e in open_dataset(path.parent):
        seqs.append(e.open())
    for seq in seqs:
        n = len(seq)
        for i in {0, n - 1, rng.randrange(n)} if n else ():
            f = seq.frame(i)
            assert f is not None and f.size > 0
            seq.gt_box(i)
        if seq.groundtruth is not None:
            check_boxes(seq.groundtruth, path)
        seq.tags()


def touch_sirst(root: Path, rng: random.Random) -> None:
    from workbench.core.data.sirst import open_sirst

    for split in (None, "train"):
        ds = open_sirst(root, split)
        for i in range(len(ds)):
            ds.sample(i)


def touch_result(path: Path, rng: random.Random) -> None:
    from workbench.core.results import read_result_boxes

    read_result_boxes(path)


def make_result(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "res.txt").write_text(_boxes_text())
    return root / "res.txt"


# family: (builder, files to damage relative to the built path's folder or root, touch)
SEQ_FAMILIES = {
    "otb": (make_otb, ["groundtruth_rect.txt", "occlusion.label", "img/0002.png", "img/0005.png"]),
    "vot": (make_vot, ["groundtruth.txt", "occlusion.tag", "camera_motion.label", "color/00000001.jpg"]),
    "got10k": (make_got10k, ["groundtruth.txt", "absence.label", "cover.label", "meta_info.ini", "00000003.jpg"]),
    "lasot": (make_lasot, ["groundtruth.txt", "full_occlusion.txt", "out_of_view.txt", "img/00000001.jpg"]),
    "uavdt": (make_uavdt, ["../../UAV-benchmark-SOT_v1.0/anno/S0101_gt.txt", "img000004.jpg"]),
    "visdrone": (make_visdrone, ["../../annotations/uav0001.txt", "0000001.jpg"]),
    "uav123": (make_uav123, ["../../../anno/UAV123/bike1.txt", "000002.jpg"]),
    "folder": (make_folder, ["groundtruth.txt", "0003.bmp"]),
    "video": (make_video, ["clip.avi", "clip.txt"]),
    "envi": (make_envi, ["cube.hdr", "cube.img"]),
    "hdf5": (make_h5, ["cube.h5"]),
}


# Crashes found by this sweep in code outside this test's owner's files, reported with the fix (see the
# issue-9 note): while one of these is still there the test is an expected failure that prints them;
# any other crash fails it. Remove an entry once its fix lands.
KNOWN_BUGS: set[str] = {  # regular expressions over signature(exc); empty: every crash found so far is fixed
}


def signature(exc: BaseException) -> str:
    """``Type in module.function`` of the innermost workbench frame the exception passed through."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/workbench/" in f.filename.replace("\\", "/")
              and "/tests/" not in f.filename.replace("\\", "/")]
    where = f"{Path(frames[-1].filename).stem}.{frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__} in {where}"


class Tally:
    def __init__(self):
        self.counts: dict[str, dict[str, int]] = {}
        self.crashes: list[str] = []
        self.known: dict[str, int] = {}

    def add(self, family: str, outcome: str) -> None:
        c = self.counts.setdefault(family, {"cases": 0, "read": 0, "clear_error": 0, "crash": 0})
        c["cases"] += 1
        c[outcome] += 1

    def table(self) -> str:
        rows = [f"{'family':<12}{'cases':>7}{'read':>7}{'refused':>9}{'crash':>7}"]
        tot = [0, 0, 0, 0]
        for fam, c in sorted(self.counts.items()):
            vals = [c["cases"], c["read"], c["clear_error"], c["crash"]]
            tot = [a + b for a, b in zip(tot, vals)]
            rows.append(f"{fam:<12}{vals[0]:>7}{vals[1]:>7}{vals[2]:>9}{vals[3]:>7}")
        rows.append(f"{'total':<12}{tot[0]:>7}{tot[1]:>7}{tot[2]:>9}{tot[3]:>7}")
        return "\n".join(rows)


def _names_the_file(msg: str, damaged: Path, case_root: Path) -> bool:
    """The message names the damaged file, or a folder on its way up to the case's root."""
    p = damaged.resolve()
    cands = {damaged.name}
    while True:
        cands.add(str(p))
        if p == case_root.resolve() or p.parent == p:
            break
        p = p.parent
    return any(c and c in msg for c in cands)


def case_rng(family: str, k: int) -> random.Random:
    """Each case its own generator, so it reproduces from (seed, family, index) alone."""
    return random.Random(f"{SEED}-{family}-{k}")


def run_case(tally: Tally, family: str, label: str, damaged: Path, case_root: Path, fn) -> None:
    try:
        fn()
        tally.add(family, "read")
    except WorkbenchError as exc:
        if _names_the_file(str(exc), damaged, case_root):
            tally.add(family, "clear_error")
        else:
            tally.add(family, "crash")
            tally.crashes.append(f"{label}: error does not name {damaged}: {exc}")
    except Exception as exc:  # noqa: BLE001 - this is what the sweep hunts
        tally.add(family, "crash")
        sig = signature(exc)
        if any(re.fullmatch(k, sig) for k in KNOWN_BUGS):
            tally.known[sig] = tally.known.get(sig, 0) + 1
        else:
            tally.crashes.append(f"{label}: {sig}: {exc}")


def sweep_sequences(tmp: Path, per_family: int, tally: Tally, rng: random.Random) -> None:
    for family, (make, targets) in SEQ_FAMILIES.items():
        base = tmp / f"base_{family}"
        built = make(base)
        rel_built = built.relative_to(base)
        for k in range(per_family):
            rng = case_rng(family, k)
            case = tmp / f"{family}_{k}"
            shutil.copytree(base, case)
            path = case / rel_built
            folder = path if path.is_dir() else path.parent
            target = (folder / rng.choice(targets)).resolve()
            data = target.read_bytes()
            if target.suffix in (".txt", ".label", ".tag", ".ini", ".hdr"):
                content = damage_hdr(data.decode(), rng) if target.suffix == ".hdr" and rng.random() < 0.6 \
                    else damage_text(data.decode(), rng)
            else:
                content = damage_bytes(data, rng)
            write_any(target, content)
            run_case(tally, family, f"{family} case {k} (seed {SEED}) {target.name}", target, case,
                     lambda: touch_sequence(path, rng))
            shutil.rmtree(case, ignore_errors=True)


HDR_FIELDS = {
    "samples": ["0", "-3", "abc", "1e9", "99999999999", "3.5", ""],
    "lines": ["0", "-1", "x", "100000000", "2"],
    "bands": ["0", "7", "1000000", "two"],
    "data type": ["99", "0", "abc", "6", "15", "12"],
    "interleave": ["xyz", "BSQ", "bip", ""],
    "byte order": ["1", "7", "x"],
    "header offset": ["999999999", "-5", "1", "abc"],
    "wavelength": ["{1, 2}", "{a, b, c, d, e, f}", "{nan, inf, 1, 2, 3, 4}", "{"],
    "reflectance scale factor": ["0", "nan", "-1", "abc"],
}


def damage_hdr(text: str, rng: random.Random) -> str:
    """Wrong ENVI header fields: a field given a bad value, removed, or the magic line lost."""
    lines = text.splitlines()
    kind = rng.randrange(4)
    if kind == 0:
        key = rng.choice(list(HDR_FIELDS))
        lines = [f"{key} = {rng.choice(HDR_FIELDS[key])}" if ln.split("=")[0].strip() == key else ln for ln in lines]
    elif kind == 1:
        key = rng.choice(["samples", "lines", "bands", "data type", "interleave"])
        lines = [ln for ln in lines if ln.split("=")[0].strip() != key]
    elif kind == 2:
        lines[0] = rng.choice(["", "ENVI?", "NOT ENVI", "\x00\x01"])
    else:
        lines.insert(rng.randrange(1, len(lines)), rng.choice(["description = {unclosed", "= 5", "junk", "x = {"]))
    return "\n".join(lines) + "\n"


def sweep_sirst(tmp: Path, n: int, tally: Tally, rng: random.Random) -> None:
    base = make_sirst(tmp / "base_sirst")
    targets = ["splits/train.txt", "images/Misc_1.png", "masks/Misc_2_pixels0.png"]
    for k in range(n):
        rng = case_rng("sirst", k)
        case = tmp / f"sirst_{k}"
        shutil.copytree(base, case)
        rel = rng.choice(targets)
        target = case / rel
        if rel.endswith(".txt"):
            write_any(target, damage_text(target.read_text(), rng))
        elif rng.random() < 0.3:  # a mask of the wrong size (a real SIRST quirk)
            cv2.imwrite(str(target), np.full((H * 2 + 3, W + 5), 255, np.uint8))
        else:
            write_any(target, damage_bytes(target.read_bytes(), rng))
        run_case(tally, "sirst", f"sirst case {k} {rel}", target, case, lambda: touch_sirst(case, rng))
        shutil.rmtree(case, ignore_errors=True)


def make_hot(root: Path) -> Path:
    """A HOT2020-style sequence: 16-bit 4x4 mosaic PNGs in <seq>/HSI/ and groundtruth_rect.txt."""
    s = root / "car1"
    (s / "HSI").mkdir(parents=True)
    rng = np.random.default_rng(2)
    for i in range(N):
        cv2.imwrite(str(s / "HSI" / f"{i + 1:04d}.png"), rng.integers(0, 4000, (H * 2, W * 2)).astype(np.uint16))
    (s / "groundtruth_rect.txt").write_text(_boxes_text(sep="\t"))
    return s


def touch_hot(path: Path, rng: random.Random) -> None:
    from workbench.core.data import hot

    seq = hot.open(path)
    n = len(seq)
    for i in {0, n - 1, rng.randrange(n)}:
        f = seq.frame(i)
        assert f.ndim == 3
        seq.gt_box(i)


def sweep_hot(tmp: Path, n: int, tally: Tally, rng: random.Random) -> None:
    """Mismatched mosaics (a frame of another size, not a multiple of 4, 8-bit, colour), damaged PNGs
    and groundtruth."""
    try:
        import workbench.core.data.hot  # noqa: F401
    except ImportError:
        return
    base = make_hot(tmp / "base_hot")
    for k in range(n):
        rng = case_rng("hot", k)
        case = tmp / f"hot_{k}"
        shutil.copytree(base.parent, case)
        seq = case / base.name
        kind = rng.randrange(4)
        if kind == 0:
            target = seq / "groundtruth_rect.txt"
            write_any(target, damage_text(target.read_text(), rng))
        else:
            target = seq / "HSI" / f"{rng.randrange(1, N + 1):04d}.png"
            if kind == 1:
                write_any(target, damage_bytes(target.read_bytes(), rng))
            else:
                h, w = rng.choice([(H * 2 + 3, W * 2 - 1), (H, W), (3, 3), (1, 1), (H * 2, W * 2)])
                dtype = rng.choice([np.uint8, np.uint16])
                shape = (h, w, 3) if rng.random() < 0.3 else (h, w)
                cv2.imwrite(str(target), np.full(shape, 100, dtype))
        run_case(tally, "hot", f"hot case {k} {target.name}", target, case, lambda: touch_hot(seq, rng))
        shutil.rmtree(case, ignore_errors=True)


def sweep_results(tmp: Path, n: int, tally: Tally, rng: random.Random) -> None:
    base = make_result(tmp / "res")
    text = base.read_text()
    for k in range(n):
        rng = case_rng("results", k)
        write_any(base, damage_text(text, rng))
        run_case(tally, "results", f"result file case {k}", base, base.parent, lambda: touch_result(base, rng))


# --- checkpoints ------------------------------------------------------------------------------------

RAN_PICKLED_CODE = []


def _pickled_payload(*args):  # what a malicious pickle would call; it must never run
    RAN_PICKLED_CODE.append(args)
    return {}


class _Evil:
    def __reduce__(self):
        return (_pickled_payload, ("code ran",))


class _Custom:  # an ordinary object in a checkpoint: still needs pickle to load
    def __init__(self):
        self.lr = 0.1


def sweep_checkpoints(tmp: Path, n: int, tally: Tally, rng: random.Random) -> None:
    import torch

    from workbench.core.training.checkpoints import CheckpointError, load_file, save_checkpoint, save_weights

    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2))
    good_w = save_weights(tmp / "w.pt", model).read_bytes()
    good_c = save_checkpoint(tmp / "c.pt", model, torch.optim.SGD(model.parameters(), 0.1), 3,
                             [{"loss": 1.0}]).read_bytes()
    path = tmp / "ck.pt"
    pickles = [
        lambda: torch.save({"model": model.state_dict(), "payload": _Evil()}, path),
        lambda: torch.save({"config": _Custom()}, path),
        lambda: torch.save(model, path),  # a whole pickled module
        lambda: path.write_bytes(pickle.dumps(_Evil())),  # a bare pickle, not a torch zip
        lambda: path.write_bytes(pickle.dumps({"a": _Custom()}, protocol=2)),
    ]
    for k, make in enumerate(pickles):
        make()
        before = len(RAN_PICKLED_CODE)
        try:
            load_file(path)
            tally.add("ckpt_pickle", "crash")
            tally.crashes.append(f"pickle-carrying checkpoint {k} was loaded")
        except CheckpointError as exc:
            ok = str(path) in str(exc) and len(RAN_PICKLED_CODE) == before
            tally.add("ckpt_pickle", "clear_error" if ok else "crash")
            if not ok:
                tally.crashes.append(f"pickle checkpoint {k}: {exc} (code ran: {len(RAN_PICKLED_CODE) - before})")
        except Exception as exc:  # noqa: BLE001
            tally.add("ckpt_pickle", "crash")
            tally.crashes.append(f"pickle checkpoint {k}: {type(exc).__name__}: {exc}")
    for k in range(n):
        rng = case_rng("checkpoint", k)
        write_any(path, damage_bytes(good_w if k % 2 else good_c, rng))
        run_case(tally, "checkpoint", f"checkpoint case {k}", path, tmp, lambda: load_file(path))
    assert not RAN_PICKLED_CODE, "code inside a pickle ran during checkpoint loading"


# --- the sweeps -----------------------------------------------------------------------------------

def _sweep(tmp_path: Path, scale: int) -> Tally:
    rng = random.Random(SEED)
    tally = Tally()
    t0 = time.perf_counter()
    sweep_sequences(tmp_path, 24 * scale, tally, rng)
    sweep_sirst(tmp_path, 30 * scale, tally, rng)
    sweep_hot(tmp_path, 30 * scale, tally, rng)
    sweep_results(tmp_path, 60 * scale, tally, rng)
    sweep_checkpoints(tmp_path, 30 * scale, tally, rng)
    dt = time.perf_counter() - t0
    print(f"\nfuzz sweep (seed {SEED}, {dt:.1f} s):\n{tally.table()}")
    for c in tally.crashes[:30]:
        print("CRASH", c)
    for sig, n in tally.known.items():
        print(f"KNOWN BUG ({n} cases): {sig}")
    return tally


def _verdict(tally: Tally) -> None:
    assert not tally.crashes, "\n".join(tally.crashes[:20])
    if tally.known:
        pytest.xfail("known crashes awaiting fixes outside the test: " +
                     "; ".join(f"{sig} ({n} cases)" for sig, n in tally.known.items()))


def test_damage_generators_change_files():
    rng = random.Random(1)
    text = _boxes_text()
    outs = {damage_text(text, rng) if isinstance(damage_text(text, rng), str) else "b" for _ in range(50)}
    assert len(outs) > 10
    assert all(damage_bytes(b"0123456789" * 10, rng) != b"0123456789" * 10 for _ in range(20))


def test_valid_fixtures_read():
    """Every generated fixture reads before it is damaged: the sweep damages working files."""
    import tempfile

    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        for family, (make, _targets) in SEQ_FAMILIES.items():
            built = make(d / family)
            touch_sequence(built, rng)
        touch_sirst(make_sirst(d / "sirst"), rng)


def test_fuzz_readers_no_crash(tmp_path):
    tally = _sweep(tmp_path, scale=1)
    total = sum(c["cases"] for c in tally.counts.values())
    assert total >= 350
    assert tally.counts["ckpt_pickle"]["clear_error"] == 5
    # the sweep really damaged things: a good share of the cases was refused
    assert sum(c["clear_error"] for c in tally.counts.values()) > total // 4
    _verdict(tally)


@pytest.mark.slow
def test_fuzz_readers_no_crash_long(tmp_path):
    tally = _sweep(tmp_path, scale=10)
    _verdict(tally)


# --- the table: one damage per case, each with the exact outcome it must have ---------------------------
#
# outcome classes: "clear" (a WorkbenchError, one line, under 200 characters, naming the damaged file),
# "warn" (read, with a DataWarning or a meta["warnings"] line naming the file), "ok" (read, no warning,
# and the values checked). Anything else is tallied: a traceback (another exception), a hang (over
# HANG_S), or wrong (another class than the table says, or a value that does not check).

import signal  # noqa: E402
import warnings as _warnings  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Callable  # noqa: E402

HANG_S = 20


@dataclass
class Case:
    name: str
    build: Callable[[Path], tuple[Path, Path]]  # tmp -> (what to open, the file the message must name)
    expect: str
    touch: Callable[[Path], object] | None = None  # default: open_sequence and read every frame
    check: Callable[[object], bool] | None = None  # for "ok" / "warn": the values are right


class _Hang(Exception):
    pass


def read_all(path: Path):
    from workbench.core.data import open_sequence

    seq = open_sequence(path)
    for i in range(len(seq)):
        seq.frame(i)
        seq.gt_box(i)
    return seq


def outcome(case: Case, tmp: Path) -> tuple[str, str]:
    """(class, detail) of one case, class in clear / warn / ok / traceback / hang / wrong."""
    from workbench.core.errors import DataWarning

    target, named = case.build(tmp)

    def own(msg: str) -> str:  # what a message says, without the folder the file lies in (deep or not)
        return msg.replace(str(named.parent), "")
    old = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(_Hang()))
    signal.alarm(HANG_S)
    try:
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            got = (case.touch or read_all)(target)
    except _Hang:
        return "hang", ""
    except WorkbenchError as exc:
        msg = str(exc)
        if "\n" in msg or len(own(msg)) >= 200 or not (named.name in msg or str(named) in msg):
            return "wrong", f"unclear message ({len(msg)} characters): {msg!r}"
        return "clear", msg
    except Exception as exc:  # noqa: BLE001 - what the table hunts
        return "traceback", f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    said = [str(w.message) for w in caught if issubclass(w.category, DataWarning)]
    said += list((getattr(got, "meta", None) or {}).get("warnings") or [])
    if said and not any(named.name in s for s in said):
        return "wrong", f"warning does not name {named.name}: {said}"
    if any(len(own(s)) >= 200 or "\n" in s for s in said):
        return "wrong", f"warning not one short line: {said}"
    if case.check is not None and not case.check(got):
        return "wrong", "values do not check"
    return ("warn" if said else "ok"), "; ".join(said)


# layouts of image frames: builder, groundtruth file and a middle frame relative to the built
# path's folder, whether boxes are 1-based in the file, VOT polygons, frame suffix
IMAGE_LAYOUTS = {
    "otb": (make_otb, "groundtruth_rect.txt", "img/0003.png", True, False),
    "vot": (make_vot, "groundtruth.txt", "color/00000003.jpg", False, True),
    "got10k": (make_got10k, "groundtruth.txt", "00000003.jpg", False, False),
    "lasot": (make_lasot, "groundtruth.txt", "img/00000003.jpg", True, False),
    "uavdt": (make_uavdt, "../../UAV-benchmark-SOT_v1.0/anno/S0101_gt.txt", "img000003.jpg", True, False),
    "visdrone": (make_visdrone, "../../annotations/uav0001.txt", "0000003.jpg", True, False),
    "uav123": (make_uav123, "../../../anno/UAV123/bike1.txt", "000003.jpg", True, False),
    "folder": (make_folder, "groundtruth.txt", "0003.bmp", False, False),
}


def _row(vals, poly: bool) -> str:
    x, y, w, h = vals
    return (f"{x},{y},{x + w},{y},{x + w},{y + h},{x},{y + h}" if poly else f"{x},{y},{w},{h}") \
        if all(isinstance(v, (int, float)) for v in vals) else ",".join(map(str, vals * (2 if poly else 1)))


def _gt_cases(layout: str):
    make, gt_rel, _f, one_based, poly = IMAGE_LAYOUTS[layout]
    lines = [_row((4 + i + one_based, 5 + one_based, 8, 6), poly) for i in range(N)]

    def with_gt(text):
        def build(tmp):
            p = make(tmp)
            gt = (p / gt_rel).resolve()
            gt.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
            return p, gt
        return build

    def first_box(expected):
        return lambda seq: seq.gt_box(0) is not None and np.allclose(seq.gt_box(0), expected)

    nan_row = ",".join(["nan"] * (8 if poly else 4))
    yield "empty file", with_gt(""), "clear", None
    yield "blank lines only", with_gt("\n\n"), "clear", None
    yield "not a number", with_gt("\n".join([lines[0].replace("5", "abc", 1)] + lines[1:]) + "\n"), "clear", None
    yield "400-digit token", with_gt("\n".join(["9" * 400 + "x," + lines[0]] + lines[1:]) + "\n"), "clear", None
    yield "a row short", with_gt("\n".join(lines[:-1]) + "\n"), "clear", None
    yield "rows extra", with_gt("\n".join(lines + lines[:2]) + "\n"), "clear", None
    yield "blank line inside", with_gt("\n".join(lines[:2] + [""] + lines[2:]) + "\n"), "clear", None
    yield "five values", with_gt("\n".join(["1,2,3,4,5"] + lines[1:]) + "\n"), "clear", None
    yield "binary garbage", with_gt(bytes(range(256)) * 3), "clear", None
    yield "1e300 row", with_gt("\n".join([_row((1e300,) * 4, False) if not poly else ",".join(["1e300"] * 8)]
                                         + lines[1:]) + "\n"), "warn", None
    yield "negative size", with_gt("\n".join([_row((4, 5, -8, 6), False) if not poly else
                                              "12,5,4,5,4,11,12,11"] + lines[1:]) + "\n"),\
        "warn" if not poly else "ok", None
    yield "NaN first row", with_gt("\n".join([nan_row] + lines[1:]) + "\n"), "ok", \
        lambda seq: seq.gt_box(0) is None and seq.gt_where(0).endswith("line 1")
    expected = (4.0, 5.0, 8.0, 6.0)
    yield "BOM and CRLF", with_gt("\ufeff" + "\r\n".join(lines) + "\r\n"), "ok", first_box(expected)
    yield "tabs and spaces", with_gt("\n".join(ln.replace(",", "\t", 1).replace(",", " ") for ln in lines) + "\n"), \
        "ok", first_box(expected)
    yield "intact", with_gt("\n".join(lines) + "\n"), "ok", first_box(expected)


def _jpeg_bytes(img: np.ndarray) -> bytes:
    return cv2.imencode(".jpg", img)[1].tobytes()


def _frame_cases(layout: str):
    make, _gt, frame_rel, _ob, _p = IMAGE_LAYOUTS[layout]
    jpeg = frame_rel.endswith(".jpg")

    def with_frame(damage):
        def build(tmp):
            p = make(tmp)
            f = (p / frame_rel).resolve()
            damage(f)
            return p, f
        return build

    def corrupt_most(f: Path):  # keep the headers, randomise 91 % of the entropy-coded bytes
        big = np.random.default_rng(3).integers(0, 255, (H * 4, W * 4), dtype=np.uint8)
        data = bytearray(_jpeg_bytes(cv2.resize(_frame(2), (W * 4, H * 4)) // 2 + big // 2))
        sos = data.find(b"\xff\xda") + 20
        rng = random.Random(5)
        for k in range(sos, len(data) - 2):
            if rng.random() < 0.91:
                data[k] = rng.randrange(256)
        cv2.imwrite(str(f.parent / "0.png"), np.zeros(1, np.uint8))  # noqa: keep the count of real frames
        (f.parent / "0.png").unlink()
        f.write_bytes(bytes(data))

    def junk_before_eoi(f: Path):
        data = f.read_bytes()
        f.write_bytes(data[:-2] + b"\x00" * 40 + data[-2:])

    def other_size(f: Path):
        img = cv2.imread(str(f), cv2.IMREAD_UNCHANGED)
        cv2.imwrite(str(f), cv2.resize(img, (W // 2 + 3, H // 2 + 1)))

    def other_channels(f: Path):
        img = cv2.imread(str(f), cv2.IMREAD_UNCHANGED)
        cv2.imwrite(str(f), cv2.merge([img, img, img]) if img.ndim == 2 else img[:, :, 0])

    yield "truncated frame", with_frame(lambda f: f.write_bytes(f.read_bytes()[:len(f.read_bytes()) // 3])), "clear"
    yield "empty frame file", with_frame(lambda f: f.write_bytes(b"")), "clear"
    yield "text as a frame", with_frame(lambda f: f.write_text("not an image\n" * 9)), "clear"
    yield "frame of another size", with_frame(other_size), "clear"
    yield "frame with other channels", with_frame(other_channels), "clear"
    if jpeg:
        yield "JPEG 91% corrupt", with_frame(lambda f: f.write_bytes(_corrupt_jpeg())), "clear"
        yield "JPEG junk before its end marker", with_frame(junk_before_eoi), "warn"
    elif frame_rel.endswith(".png"):
        yield "8-bit frame among 16-bit ones", with_frame(lambda f: cv2.imwrite(str(f), _frame(2))), "clear"


def _corrupt_jpeg() -> bytes:
    """A real-looking frame whose entropy-coded data is 91 % random bytes (libjpeg still returns
    an image and only prints 'Corrupt JPEG data')."""
    data = bytearray(_jpeg_bytes(_frame(2)))
    start = data.find(b"\xff\xda") + 14
    rng = random.Random(7)
    for k in range(start, len(data) - 2):
        if rng.random() < 0.91:
            data[k] = rng.randrange(256)
    return bytes(data)


def _h5(tmp: Path, **datasets) -> tuple[Path, Path]:
    import h5py

    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "cube.h5"
    with h5py.File(path, "w") as f:
        for k, v in datasets.items():
            f.create_dataset(k, data=v)
    return path, path


def _cube_cases():
    import h5py

    good = np.random.default_rng(1).random((N, H, W, 4)).astype(np.float32)
    nan1 = good.copy()
    nan1[2] = np.nan
    inf1 = good.copy()
    inf1[1, :3] = np.inf
    strings = np.array([[[["a"] * 4] * W] * H] * 2, dtype=h5py.string_dtype())

    def frames_finite(seq):
        return all(np.isfinite(seq.frame(i)).all() for i in range(len(seq)))

    yield "hdf5 intact", lambda t: _h5(t, cube=good), "ok", lambda s: np.array_equal(s.frame(3), good[3])
    yield "hdf5 strings", lambda t: _h5(t, cube=strings), "clear", None
    yield "hdf5 bytes", lambda t: _h5(t, frames=np.full((2, H, W, 3), b"xy")), "clear", None
    yield "hdf5 compound", lambda t: _h5(t, frames=np.zeros((2, H, W, 3), dtype=[("a", "f4"), ("b", "i2")])), \
        "clear", None
    yield "hdf5 zero frames", lambda t: _h5(t, frames=np.zeros((0, H, W, 4), np.float32)), "clear", None
    yield "hdf5 zero bands", lambda t: _h5(t, cube=np.zeros((H, W, 0), np.float32)), "clear", None
    yield "hdf5 all-NaN frame", lambda t: _h5(t, frames=nan1), "warn", frames_finite
    yield "hdf5 inf values", lambda t: _h5(t, frames=inf1), "warn", frames_finite
    yield "hdf5 NaN integer-free", lambda t: _h5(t, frames=(good * 1000).astype(np.uint16)), "ok", None
    for dt in ("bool", "int8"):  # types OpenCV's warps cannot take: refused on opening
        yield f"hdf5 {dt} values", (lambda t, dt=dt: _h5(t, frames=(good * 100).astype(dt))), "clear", None
    for dt in ("int32", "int64", "float16"):  # 32- / 64-bit integers and float16: read as float32 (ENVI's too)
        yield f"hdf5 {dt} values", (lambda t, dt=dt: _h5(t, frames=(good * 100).astype(dt))), "ok", None
    yield "hdf5 groundtruth strings", lambda t: _h5(t, frames=good, groundtruth=np.array([b"a,b"] * N)), \
        "clear", None
    yield "hdf5 groundtruth 3 columns", lambda t: _h5(t, frames=good, groundtruth=np.ones((N, 3))), "clear", None
    yield "hdf5 groundtruth rows short", lambda t: _h5(t, frames=good, groundtruth=np.ones((N - 1, 4))), \
        "clear", None
    yield "hdf5 groundtruth 1e300", lambda t: _h5(t, frames=good, groundtruth=np.full((N, 4), 1e300)), "warn", None
    yield "hdf5 text wavelengths", lambda t: _h5(t, frames=good, wavelengths=np.array([b"a", b"b", b"c", b"d"])), \
        "warn", None  # the cube reads, and the wavelengths that are not numbers are said
    yield "hdf5 truncated", lambda t: _damaged(_h5(t, frames=good)[0], lambda b: b[:len(b) // 2]), "clear", None
    yield "hdf5 text file", lambda t: _damaged(_h5(t, frames=good)[0], lambda b: b"hello\n"), "clear", None
    yield "hdf5 empty file", lambda t: _damaged(_h5(t, frames=good)[0], lambda b: b""), "clear", None
    yield "hdf5 no cube", lambda t: _h5(t, table=np.ones((3, 4))), "clear", None


def _damaged(path: Path, fn) -> tuple[Path, Path]:
    path.write_bytes(fn(path.read_bytes()))
    return path, path


ENVI_HDR = ("ENVI\nsamples = {s}\nlines = {l}\nbands = {b}\nheader offset = 0\nfile type = ENVI Standard\n"
            "data type = {dt}\ninterleave = {il}\nbyte order = 0\n{extra}")


def _smooth_cube(lines=H, samples=W, bands=6) -> np.ndarray:
    yy, xx, bb = np.mgrid[0:lines, 0:samples, 0:bands]
    rng = np.random.default_rng(4)
    # a scene: blobs smooth in space, each with a smooth spectrum, plus a little noise
    img = np.sin(xx / 5.0 + bb / 7.0) * np.cos(yy / 4.0) * 800 + bb * 30 + 2000
    return (img + rng.normal(0, 5, img.shape)).astype(np.int16)


def _envi(tmp: Path, cube: np.ndarray, il="bil", declared=None, dt=2, extra="", data=None) -> tuple[Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    order = {"bsq": (2, 0, 1), "bil": (0, 2, 1), "bip": (0, 1, 2)}[il]
    (tmp / "cube.img").write_bytes(data if data is not None else np.ascontiguousarray(cube.transpose(order)).tobytes())
    lines, samples, bands = cube.shape
    (tmp / "cube.hdr").write_text(ENVI_HDR.format(s=samples, l=lines, b=bands, dt=dt, il=declared or il,
                                                  extra=extra))
    return tmp / "cube.hdr", tmp / "cube.hdr"


def _envi_cases():
    c = _smooth_cube()
    fl = c.astype(np.float32)
    fl_nan = fl.copy()
    fl_nan[:, :, :] = np.nan
    bigger = _smooth_cube(40, 48, 24)
    yield "envi intact bil", lambda t: _envi(t, c), "ok", lambda s: np.array_equal(s.frame(0), c)
    for il in ("bsq", "bip"):
        yield f"envi intact {il}", (lambda t, il=il: _envi(t, c, il)), "ok", lambda s: np.array_equal(s.frame(0), c)
    yield "envi bip declared bsq", lambda t: _envi(t, bigger, "bip", "bsq"), "warn", None
    yield "envi bil declared bsq", lambda t: _envi(t, bigger, "bil", "bsq"), "warn", None
    yield "envi byte order wrong", lambda t: _envi(t, bigger, data=np.ascontiguousarray(
        bigger.transpose(0, 2, 1)).byteswap().tobytes()), "warn", None
    yield "envi noise declared bsq", lambda t: _envi(
        t, np.random.default_rng(0).integers(0, 999, (H, W, 6)).astype(np.int16), "bip", "bsq"), "ok", None
    yield "envi all-NaN cube", lambda t: (_envi(t, fl_nan, dt=4)[0], t / "cube.img"), "warn", \
        lambda s: np.isfinite(s.frame(0)).all()
    yield "envi data short", lambda t: _envi(t, c, data=c.tobytes()[:-10]), "clear", None
    yield "envi data long", lambda t: _envi(t, c, data=c.tobytes() + b"0" * 10), "clear", None
    yield "envi empty data", lambda t: _envi(t, c, data=b""), "clear", None
    yield "envi data type 99", lambda t: _envi(t, c, dt=99), "clear", None
    yield "envi interleave xyz", lambda t: _envi(t, c, declared="xyz"), "clear", None
    yield "envi wavelengths count", lambda t: _envi(t, c, extra="wavelength = {1, 2}\n"), "warn", None

    def header_edit(edit):
        def build(t):
            hdr, _ = _envi(t, c)
            hdr.write_text(edit(hdr.read_text()))
            return hdr, hdr
        return build

    for key in ("samples", "lines", "bands", "data type", "interleave"):
        yield f"envi header lacks {key}", header_edit(
            lambda s, key=key: "\n".join(ln for ln in s.splitlines() if not ln.startswith(key + " ")) + "\n"), \
            "clear", None
    yield "envi header samples abc", header_edit(lambda s: s.replace(f"samples = {W}", "samples = abc")), "clear", None
    yield "envi header lines 0", header_edit(lambda s: s.replace(f"lines = {H}", "lines = 0")), "clear", None
    yield "envi header not ENVI", header_edit(lambda s: "NOT ENVI" + s[4:]), "clear", None
    yield "envi header offset abc", header_edit(lambda s: s.replace("header offset = 0", "header offset = abc")), \
        "clear", None
    yield "envi header frames 7", header_edit(lambda s: s + "frames = 7\n"), "clear", None


def _video_cases():
    def vid(damage=None, gt=None):
        def build(t):
            p = make_video(t)
            if gt is not None:
                (t / "clip.txt").write_text(gt)
            if damage is not None:
                p.write_bytes(damage(p.read_bytes()))
            return p, (t / "clip.txt" if gt is not None else p)
        return build

    yield "video intact", vid(), "ok", lambda s: len(s) == N and s.frame(N - 1).shape == (H, W, 3)
    yield "video empty", vid(lambda b: b""), "clear", None
    yield "video text", vid(lambda b: b"not a video\n" * 50), "clear", None
    yield "video head only", vid(lambda b: b[:200]), "clear", None
    yield "video gt empty", vid(gt=""), "clear", None
    yield "video gt rows short", vid(gt=_boxes_text(N - 1)), "clear", None
    yield "video gt 1e300", vid(gt="1e300,1e300,1e300,1e300\n" + _boxes_text(N - 1)), "warn", None
    yield "video gt huge size", vid(gt="1,1,1e9,1e9\n" + _boxes_text(N - 1)), "warn", None


def _single_image_cases():
    def img(write, box=None):
        def build(t):
            t.mkdir(parents=True, exist_ok=True)
            p = t / "shot.png"
            write(p)
            if box is not None:
                (t / "shot.txt").write_text(box)
            return p, (t / "shot.txt" if box is not None else p)
        return build

    good = lambda p: cv2.imwrite(str(p), _frame(0))  # noqa: E731
    yield "image intact", img(good), "ok", lambda s: s.frame(0).shape == (H, W)
    yield "image 16-bit", img(lambda p: cv2.imwrite(str(p), _frame(0, np.uint16))), "ok", \
        lambda s: s.modality == "ir16"
    yield "image truncated", img(lambda p: (good(p), p.write_bytes(p.read_bytes()[:60]))), "clear", None
    yield "image CRC broken", img(lambda p: (good(p), _flip(p, 60))), "clear", None
    yield "image empty", img(lambda p: p.write_bytes(b"")), "clear", None
    yield "image box file bad", img(good, box="1,2,x,4\n"), "clear", None
    yield "image box file two rows", img(good, box="1,2,3,4\n1,2,3,4\n"), "clear", None
    yield "image box file empty", img(good, box=""), "clear", None
    yield "image box intact", img(good, box="1,2,3,4\n"), "ok", lambda s: np.allclose(s.gt_box(0), (1, 2, 3, 4))


def _flip(p: Path, at: int) -> None:
    b = bytearray(p.read_bytes())
    for k in range(at, min(at + 8, len(b) - 12)):
        b[k] ^= 0x5A
    p.write_bytes(bytes(b))


def _sirst_cases():
    def sirst(damage):
        def build(t):
            root = make_sirst(t)
            named = damage(root)
            return root, named
        return build

    def touch(root):
        from workbench.core.data.sirst import open_sirst

        ds = open_sirst(root, "train")
        for i in range(len(ds)):
            ds.sample(i)
        return type("R", (), {"meta": {"warnings": ds.warnings}})()

    def wrong_mask(root):
        cv2.imwrite(str(root / "masks" / "Misc_1_pixels0.png"), np.full((H * 2, W + 3), 255, np.uint8))
        return root / "masks" / "Misc_1_pixels0.png"

    def gone(rel):
        def damage(root):
            (root / rel).unlink()
            return root / rel
        return damage

    def write(rel, content):
        def damage(root):
            write_any(root / rel, content)
            return root / rel
        return damage

    yield "sirst intact", sirst(lambda r: r), "ok", None
    yield "sirst mask of another size", sirst(wrong_mask), "warn", None
    yield "sirst mask missing", sirst(gone("masks/Misc_1_pixels0.png")), "warn", None
    yield "sirst image missing", sirst(lambda r: gone("images/Misc_2.png")(r).parent), "warn", None
    yield "sirst split empty", sirst(write("splits/train.txt", "")), "clear", None
    yield "sirst split names nothing real", sirst(write("splits/train.txt", "nope\nnada\n")), "clear", None
    yield "sirst image truncated", sirst(write("images/Misc_0.png", b"\x89PNG\r\n\x1a\n")), "clear", None
    yield "sirst mask text", sirst(write("masks/Misc_2_pixels0.png", "hello")), "clear", None
    yield "sirst no masks folder", sirst(lambda r: (shutil.rmtree(r / "masks"), r)[1]), "clear", None
    SIRST_TOUCH["fn"] = touch


SIRST_TOUCH: dict = {}


def _irseq_cases():
    def daub(anno):
        def build(t):
            (t / "frames").mkdir(parents=True)
            for i in range(N):
                cv2.imwrite(str(t / "frames" / f"{i + 1:04d}.png"), _frame(i))
            (t / "anno_xy.txt").write_text(anno)
            return t, t / "anno_xy.txt"
        return build

    def touch(path):
        from workbench.core.data.irseq import open_irseq

        seq = open_irseq(path)
        for i in range(len(seq)):
            seq.frame(i)
        return seq

    good = "".join(f"{10 + i}\t{12}\n" for i in range(N))
    yield "daub intact", daub(good), "ok", lambda s: s.labels[0][0].cx == 10, touch
    yield "daub fewer lines", daub(good.splitlines(True)[0] * 3), "warn", None, touch
    yield "daub not a number", daub(good.replace("12", "x", 1)), "clear", None, touch
    yield "daub one column", daub("5\n" * N), "clear", None, touch
    yield "daub more lines", daub(good + good), "clear", None, touch
    yield "daub binary", daub("\x00\x01\x02" * 9), "clear", None, touch


def _pointseq_cases():
    """Labelled IR sequences (DAUB, labels.csv) and YOLO image folders opened by ``open_sequence``."""
    def daub(anno, open_frames=False):
        def build(t):
            for i in range(N):
                (t / "frames").mkdir(parents=True, exist_ok=True)
                cv2.imwrite(str(t / "frames" / f"{i + 1:04d}.png"), _frame(i))
            (t / "anno_xy.txt").write_text(anno)
            return (t / "frames" if open_frames else t), t / "anno_xy.txt"
        return build

    def csv(text):
        def build(t):
            _images(t / "frames")
            write_any(t / "labels.csv", text)
            return t, t / "labels.csv"
        return build

    def yolo(texts, drop=()):
        def build(t):
            _images(t / "images")
            (t / "labels").mkdir(parents=True)
            for i in range(N):
                if i not in drop:
                    write_any(t / "labels" / f"{i + 1:04d}.txt", texts[i] if i < len(texts) else "")
            return t, t / "labels" / (f"{drop[0] + 1:04d}.txt" if drop else "0002.txt")
        return build

    def points_at(first, named_after_parent=False):
        return lambda s: (s.meta["point_labels"][0][0][:2] == first and "points" in s.tags()
                          and (not named_after_parent or (s.name != "frames" and s.name == s.path.name)))

    good = "".join(f"{10 + i}\t{12}\n" for i in range(N))
    yield "irseq daub intact", daub(good), "ok", points_at((10.0, 12.0))
    yield "irseq daub frames folder opened", daub(good, open_frames=True), "ok", points_at((10.0, 12.0), named_after_parent=True)
    yield "irseq daub fewer lines", daub(good.splitlines(True)[0] * 3), "warn", None
    yield "irseq daub not a number", daub(good.replace("12", "x", 1)), "clear", None
    rows = "frame,cx,cy,w,h,class\n" + "".join(f"{i},{5 + i},6,3,3,target\n" for i in range(N))
    yield "irseq labels.csv intact", csv(rows), "ok", points_at((5.0, 6.0))
    yield "irseq labels.csv bad class", csv(rows.replace("target", "bird", 1)), "clear", None
    yield "irseq labels.csv frame out of range", csv(rows + f"{N + 3},1,1,1,1,target\n"), "clear", None
    yield "irseq labels.csv binary", csv(bytes(range(256)) * 2), "clear", None
    box = "1 0.5 0.5 0.25 0.25\n"
    yield "yolo intact", yolo([box] * N), "ok", points_at((W / 2, H / 2))
    yield "yolo empty label files", yolo([box] + [""] * (N - 1)), "ok", \
        lambda s: s.meta["point_labels"][1] == [] and s.gt_box(1) is None
    yield "yolo label file missing", yolo([box] * N, drop=(2,)), "warn", None
    yield "yolo not a number", yolo([box, "1 0.5 x 0.2 0.2\n"]), "clear", None
    yield "yolo four fields", yolo([box, "1 0.5 0.2 0.2\n"]), "clear", None
    yield "yolo pixel not normalised", yolo([box, "1 120 80 6 6\n"]), "clear", None
    yield "yolo binary", yolo([box, b"\xff\xfe\x00" * 30]), "clear", None


def _hot_cases():
    def hot(damage):
        def build(t):
            s = make_hot(t)
            return s, damage(s)
        return build

    def frame_size(s):
        f = s / "HSI" / "0003.png"
        cv2.imwrite(str(f), np.full((H, W), 9, np.uint16))
        return f

    def gt(text):
        def damage(s):
            write_any(s / "groundtruth_rect.txt", text)
            return s / "groundtruth_rect.txt"
        return damage

    yield "hot intact", hot(lambda s: s), "ok", lambda q: q.frame(0).ndim == 3
    yield "hot frame of another size", hot(frame_size), "clear", None
    yield "hot frame truncated", hot(lambda s: _damaged(s / "HSI" / "0002.png", lambda b: b[:80])[0]), "clear", None
    yield "hot gt empty", hot(gt("")), "clear", None
    yield "hot gt not a number", hot(gt("a,b,c,d\n" * N)), "clear", None
    yield "hot gt 1e300", hot(gt("1e300\t1e300\t1e300\t1e300\n" + _boxes_text(N - 1, sep="\t"))), "warn", None


def _dataset_cases():
    """``open_dataset(errors="collect")``: one bad sequence is marked, the good ones all listed."""
    def root_with(bad_gt):
        def build(t):
            for name in ("a", "b"):
                shutil.move(str(make_otb(t / f"tmp_{name}")), str(t / name))
                shutil.rmtree(t / f"tmp_{name}")
            make_got10k(t)
            gt = t / "b" / "groundtruth_rect.txt"
            write_any(gt, bad_gt)
            return t, gt
        return build

    def listing(bad_name):
        def touch(root):
            from workbench.core.data import open_dataset

            entries = open_dataset(root, errors="collect")
            bad = [e for e in entries if e.error]
            good = [e for e in entries if not e.error]
            if len(entries) != 3 or len(bad) != (1 if bad_name else 0) or any(e.frames != N for e in good):
                raise AssertionError(f"listing wrong: {[(e.name, e.frames, e.error) for e in entries]}")
            if bad and (bad_name not in bad[0].error or "\n" in bad[0].error):
                raise AssertionError(f"the bad entry's error does not name {bad_name}: {bad[0].error}")
            return None
        return touch

    for name, text in [("malformed line", "1,2,3\n"), ("NaN text", "x,y,w,h\n" * N), ("empty", ""),
                       ("binary", b"\xff\xfe\x00" * 40)]:
        yield f"dataset with one {name} groundtruth", root_with(text), "ok", None, listing("groundtruth_rect.txt")
    yield "dataset all good", root_with(_boxes_text(one_based=True)), "ok", None, listing("")


def _results_cases():
    def res(text):
        def build(t):
            t.mkdir(parents=True, exist_ok=True)
            write_any(t / "res.txt", text)
            return t / "res.txt", t / "res.txt"
        return build

    def touch(path):
        from workbench.core.results import read_result_boxes

        return read_result_boxes(path)

    yield "result empty", res(""), "clear", None, touch
    yield "result 1e300 row", res("1e300,1e300,1e300,1e300\n"), "ok", None, touch
    yield "result not a number", res("1,2,three,4\n"), "clear", None, touch
    yield "result 400 digits", res("9" * 400 + "z,1,1,1\n"), "clear", None, touch
    yield "result intact", res(_boxes_text()), "ok", lambda b: b.shape == (N, 4), touch


def build_table() -> list[Case]:
    cases: list[Case] = []
    for layout in IMAGE_LAYOUTS:
        for name, build, expect, check in _gt_cases(layout):
            cases.append(Case(f"{layout}: groundtruth {name}", build, expect, None, check))
        for name, build, expect in _frame_cases(layout):
            cases.append(Case(f"{layout}: {name}", build, expect))
    for gen in (_cube_cases, _envi_cases, _video_cases, _single_image_cases, _hot_cases):
        for name, build, expect, check in gen():
            cases.append(Case(name, build, expect, None, check))
    for name, build, expect, check in _sirst_cases():
        cases.append(Case(name, build, expect, lambda root: SIRST_TOUCH["fn"](root), check))
    for gen in (_irseq_cases, _dataset_cases, _results_cases):
        for name, build, expect, check, touch in gen():
            cases.append(Case(name, build, expect, touch, check))
    for name, build, expect, check in _pointseq_cases():
        cases.append(Case(name, build, expect, None, check))
    return cases


def test_reader_table(tmp_path):
    cases = build_table()
    assert len(cases) >= 150
    tally = {k: 0 for k in ("tried", "clear", "warnings", "ok", "tracebacks", "hangs", "wrong")}
    key = {"clear": "clear", "warn": "warnings", "ok": "ok", "traceback": "tracebacks", "hang": "hangs"}
    bad = []
    t0 = time.perf_counter()
    for k, case in enumerate(cases):
        got, detail = outcome(case, tmp_path / f"c{k}")
        tally["tried"] += 1
        if got in ("traceback", "hang", "wrong"):
            tally[key.get(got, "wrong")] += 1
            bad.append(f"{case.name}: {got}: {detail}")
        elif got != case.expect:
            tally["wrong"] += 1
            bad.append(f"{case.name}: expected {case.expect}, got {got}: {detail}")
        else:
            tally[key[got]] += 1
    line = ", ".join(f"{k} {v}" for k, v in tally.items())
    print(f"\nreader table ({time.perf_counter() - t0:.1f} s): {line}")
    for b in bad:
        print("  ", b)
    assert tally["tracebacks"] == 0 and tally["hangs"] == 0 and tally["wrong"] == 0, \
        line + "\n" + "\n".join(bad[:40])
