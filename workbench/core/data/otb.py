"""OTB-2015, PTB-TIR, LSOTB-TIR and DTB70: ``<seq>/img/*.jpg`` + ``groundtruth_rect.txt``.

The PTB-TIR and LSOTB-TIR evaluation toolkits keep the boxes apart: ``tirsequences/<seq>/img/`` with
``tiranno/<seq>.txt`` (PTB-TIR), ``sequences/<seq>/img/`` with ``anno/<seq>.txt`` (LSOTB-TIR), 0/1
attribute flags in ``<anno>/att/<seq>.txt``; both are read (the toolkit's folder lists as the dataset). The flags
are named as the toolkit names them only where the folder is that toolkit's (``toolkit_attributes``), else numbered.

OTB-family box files count pixels from 1 (MATLAB); boxes are shifted to 0-based on reading so
that they line up with the image arrays. DTB70 ships 0-based-looking boxes in the same layout; the
one-pixel shift changes no IoU and moves centre errors by nothing (both boxes shift equally) only
when results come in the same convention, so results files are always kept as the tracker wrote them.

OTB-100's irregular sequences are read as the OTB toolkit runs them (``toolkit_frames``): David is images
0300..0770, Football1 / Freeman3 / Freeman4 / Diving the first images of a longer img/, Tiger1 starts at frame 6;
a sequence with several box files (Jogging, Skating2) is one sequence per target, ``<seq>-<k>``, and Human4,
whose only box file is ``groundtruth_rect.2.txt``, is Human4-2 (``targets``). Box files are comma, tab or space
separated (``groundtruth.read_boxes``); images are listed in natural order (Board's 5-digit names, BlurCar1's
from 0247).
"""
from __future__ import annotations

import re
from pathlib import Path

from workbench.core.data.folder import sequence_from_images
from workbench.core.data.images import list_frames
from workbench.core.data.groundtruth import read_boxes

NAME = "otb"

# OTB-100 sequences whose img/ holds more images than their box file has boxes: the frames the OTB toolkit
# runs and scores, as first and last image number (tracker_benchmark_v1.0 configSeqs100's startFrame /
# endFrame, as pytracking's otbdataset.py lists them; got10k's datasets/otb.py slices the same images)
FRAME_RANGES = {"david": (300, 770), "football1": (1, 74), "freeman3": (1, 460), "freeman4": (1, 283),
                "diving": (1, 215)}
# frames the OTB toolkit never starts a run from (tracker_benchmark_v1.0 initOmit/tiger1.txt: Tiger1's first 5,
# occluded); its OPE runs its first TRE segment, so they are not part of the sequence: Tiger1 is frames 6..354
# (349), as the toolkit, pysot-toolkit's OTB100.json, pytracking ('initOmit': 5) and mmtracking score it. The
# GOT-10k toolkit keeps all 354: its result files are read without their first 5 rows (``toolkit_rows``).
INIT_OMIT = {"tiger1": 5}

# Frames where the OTB toolkit never starts a TRE segment (occlusion, out of view): tracker_benchmark_v1.0's
# initOmit/<name>.txt, one "first last" frame range a line, in the sequence's image numbers (the toolkit subtracts
# its startFrame - 1). Its splitSeqTRE loads initOmit/<seq.name>.txt (MATLAB on Windows: the name's case does not
# matter), drops those frames and the frames whose box is not positive, then spreads the 20 starts over what is
# left (evaluation.robustness.tre_positions); its OPE and SRE start at the first of them (subSeqs{1}). The toolkit
# also ships initOmit/jogging.txt (61 83), which no sequence of its configs is named ('jogging-1', 'jogging-2'), so it
# is never read: left out here as the toolkit leaves it out. Copied from the toolkit's initOmit folder (27 files, as
# jwlim/tracker_benchmark keeps it under tracker_benchmark/initOmit/).
TRE_INIT_OMIT = {
    "basketball": ((8, 27), (619, 628), (639, 659)),
    "carscale": ((155, 177), (202, 225)),
    "coke": ((7, 44), (71, 78), (162, 167), (183, 192), (197, 201), (219, 227), (250, 275)),
    "david3": ((22, 31), (78, 91), (179, 193), (236, 244)),
    "doll": ((2552, 2573), (2632, 2643), (3714, 3771)),
    "dudek": ((204, 218), (357, 372), (971, 988), (1090, 1116)),
    "faceocc1": ((23, 75), (81, 148), (168, 239), (272, 325), (349, 411), (437, 593), (613, 783), (814, 892)),
    "faceocc2": ((79, 90), (128, 185), (247, 278), (391, 520), (681, 740)),
    "football": ((58, 65), (76, 84), (279, 305), (319, 362)),
    "freeman4": ((7, 8), (16, 17), (25, 26), (34, 38), (42, 51), (61, 74), (81, 82), (102, 103), (116, 117),
                 (126, 130), (142, 148), (156, 168), (181, 181), (184, 188), (205, 207), (239, 256), (268, 297)),
    "girl": ((421, 443), (451, 469)),
    "ironman": ((102, 114), (144, 145), (156, 164)),
    "jogging-2": ((40, 63),),
    "lemming": ((299, 379), (427, 460), (552, 560)),
    "liquor": ((383, 410), (502, 510), (604, 608), (723, 735), (768, 779), (1181, 1187), (1236, 1238), (1286, 1289),
               (1318, 1321), (1351, 1358), (1502, 1507), (1515, 1521), (1606, 1609)),
    "matrix": ((36, 40),),
    "redteam": ((1521, 1527),),
    "skating1": ((154, 189),),
    "soccer": ((93, 231), (350, 392)),
    "subway": ((37, 45), (52, 59), (92, 101)),
    "suv": ((28, 58), (189, 241), (506, 572), (669, 693), (768, 792)),
    "tiger1": ((1, 5), (9, 15), (18, 29), (40, 46), (56, 66), (100, 113), (119, 128), (134, 155), (167, 186),
               (203, 218), (226, 241), (248, 255), (288, 314), (318, 322), (332, 354)),
    "tiger2": ((72, 76), (80, 118), (124, 153), (165, 190), (196, 203), (207, 225), (233, 276), (285, 321),
               (325, 340), (346, 365)),
    "walking": ((81, 94),),
    "walking2": ((188, 233), (370, 378)),
    "woman": ((106, 172), (189, 247), (262, 334), (356, 413), (457, 525), (544, 597)),
}


def tre_init_omit(name: str, first_image: int, n_frames: int) -> list[list[int]]:
    """The toolkit's initOmit ranges of the OTB sequence ``name`` (``TRE_INIT_OMIT``) as 0-based, inclusive
    ``[first, last]`` frame indices of a sequence of ``n_frames`` frames whose first frame is the image numbered
    ``first_image`` (Tiger1 here: 6; David: 300); ranges outside the sequence dropped, the others clipped to it."""
    out = []
    for a, b in TRE_INIT_OMIT.get(str(name).lower(), ()):
        lo, hi = max(a - first_image, 0), min(b - first_image, n_frames - 1)
        if lo <= hi:
            out.append([lo, hi])
    return out


# PTB-TIR and LSOTB-TIR as their (OTB-derived) evaluation toolkits lay them out: <toolkit>/<frames>/<seq>/img/
# with the boxes in <toolkit>/<anno>/<seq>.txt and attribute flags in <toolkit>/<anno>/att/<seq>.txt
TOOLKIT_FOLDERS = {"tirsequences": "tiranno", "sequences": "anno"}  # frames folder -> annotation folder
# the att/ vectors' names, in order, as each toolkit's run_evaluation.m names them (attName): PTB-TIR's 10
# (QiaoLiuHit/PTB-TIR_Evaluation_toolkit), LSOTB-TIR's 12 challenges and 4 scenarios (QiaoLiuHit/LSOTB-TIR)
TOOLKIT_ATTRIBUTES = {
    "tiranno": {10: ("deformation", "occlusion", "scale variation", "background clutter", "low resolution",
                     "fast motion", "motion blur", "out of view", "intensity variation", "thermal crossover")},
    "anno": {16: ("deformation", "occlusion", "distractor", "background clutter", "out of view", "scale variation",
                  "fast motion", "motion blur", "thermal crossover", "intensity variation", "low resolution",
                  "aspect ratio variation", "vehicle-mounted", "drone-mounted", "surveillance", "hand-held")},
}
# What marks a sequences/ + anno/ pair as LSOTB-TIR's (other OTB-derived toolkits lay out sequences/ and anno/att/
# too): its evaluation sequences are named <class>_<scenario>_<nnn> by the subset configSeqs.m puts them in (TIR_H,
# TIR_D, TIR_S, TIR_V), and the last four flags of anno/att/<seq>.txt are those scenarios, the one of its letter set
# alone (car_D_002: drone-mounted; bus_V_001: vehicle-mounted; QiaoLiuHit/LSOTB-TIR anno/att/). tirsequences/ +
# tiranno/ are PTB-TIR's own names (its configSeqs.m and run_evaluation.m's attPath './tiranno/att/').
LSOTB_SCENARIOS = {"V": "vehicle-mounted", "D": "drone-mounted", "S": "surveillance", "H": "hand-held"}


def toolkit_attributes(att_file: Path, anno: str, seq: str) -> dict[str, bool]:
    """The attribute flags ``att_file`` of the sequence ``seq`` of a toolkit whose box folder is ``anno``: named as
    the toolkit names them (``TOOLKIT_ATTRIBUTES``) where the folder is that toolkit's (for ``anno/``, LSOTB-TIR's
    mark above), else numbered ("attribute 1" ...)."""
    from workbench.core.data.groundtruth import read_attribute_flags

    attrs = read_attribute_flags(att_file, TOOLKIT_ATTRIBUTES.get(anno, {}))
    if anno == "anno" and attrs:
        m = re.fullmatch(r"[A-Za-z]+_([VDSH])_\d{3}", seq)
        if not m or {a for a in attrs if a in LSOTB_SCENARIOS.values()} != {LSOTB_SCENARIOS[m.group(1)]}:
            attrs = read_attribute_flags(att_file, {})
    return attrs


def _toolkit_gt(path: Path) -> Path | None:
    anno = TOOLKIT_FOLDERS.get(path.parent.name)
    if anno is None:
        return None
    f = path.parent.parent / anno / f"{path.name}.txt"
    return f if f.is_file() else None


def _gt_file(path: Path) -> Path | None:
    if (path / "groundtruth_rect.txt").is_file():
        return path / "groundtruth_rect.txt"
    several = _target_files(path)  # the first target's file (Human4: groundtruth_rect.2.txt, see targets)
    if several:
        return path / f"groundtruth_rect.{several[0]}.txt"
    if (path / "groundtruth_rect.1.txt").is_file():  # empty: opening it says so
        return path / "groundtruth_rect.1.txt"
    return _toolkit_gt(path)


def _has_boxes(f: Path) -> bool:
    """Whether a box file holds anything: OTB-100 copies of Human4 ship an empty groundtruth_rect.1.txt beside
    its groundtruth_rect.2.txt, which the GOT-10k toolkit's OTB reader drops (``_filter_files``)."""
    try:
        return f.stat().st_size > 0 and bool(f.read_text(encoding="utf-8", errors="replace").strip())
    except OSError:
        return False


def _target_files(path: Path) -> list[int]:
    if (path / "groundtruth_rect.txt").is_file():
        return []
    return sorted(int(m.group(1)) for f in path.glob("groundtruth_rect.*.txt")
                  if (m := re.fullmatch(r"groundtruth_rect\.(\d+)\.txt", f.name)) and _has_boxes(f))


def targets(path: Path) -> list[int]:
    """The numbers k of ``groundtruth_rect.<k>.txt`` files of a sequence with several targets (OTB's Jogging
    and Skating2: two people, one box file each, scored as Jogging-1 and Jogging-2), or with one target file
    that is not the first (OTB-100's Human4: ``groundtruth_rect.2.txt`` only, an empty ``.1`` beside it or none:
    the OTB toolkit's 'Human4.2', pysot-toolkit's 'Human4-2', pytracking's 'Human4_2', the GOT-10k toolkit's
    'Human4'; named Human4-2 here as Jogging-1, the others' result files are matched, ``results.match_names``);
    [] for one target in ``groundtruth_rect.txt`` (or ``groundtruth_rect.1.txt`` alone)."""
    ks = _target_files(Path(path))
    return ks if len(ks) > 1 or (len(ks) == 1 and ks[0] != 1) else []


def probe(path: Path) -> bool:
    return path.is_dir() and (path / "img").is_dir() and _gt_file(path) is not None


def open(path: Path, target: int | None = None):  # noqa: A001
    """The sequence at ``path``; ``target``: which of several targets (``targets``), named ``<seq>-<k>`` as
    the OTB toolkits name them (without it, the first, so named, with a note that there are more)."""
    path = Path(path)
    several = targets(path)
    name, note = path.name, None
    if several:
        if target is None:
            target = several[0]
            if len(several) > 1:
                note = (f"{path}: {len(several)} targets ({', '.join(f'groundtruth_rect.{k}.txt' for k in several)}): "
                        f"this is {path.name}-{target}; the dataset lists each")
        elif target not in several:
            from workbench.core.errors import DataError

            raise DataError(path / f"groundtruth_rect.{target}.txt", "no such target box file")
        name = f"{path.name}-{target}"
    gt_file = path / f"groundtruth_rect.{target}.txt" if several else _gt_file(path)
    # 0002.png beside 0002.jpg (a converted copy): one frame, said, as every image-set reader takes it (both were
    # counted: "has 3 boxes but its img/ has 4 frames", naming neither)
    frames, twice = list_frames(path / "img")
    gt = read_boxes(gt_file)
    gt[:, :2] -= 1.0
    meta = {"box_convention": "1-based in file, 0-based here"}
    if gt_file.parent == path:  # OTB-100's own folders (not a PTB-TIR / LSOTB-TIR toolkit's)
        frames, gt, facts = toolkit_frames(path.name, frames, gt)
        meta.update(facts)
        if frames:
            first = _number(frames[0]) or 1 + INIT_OMIT.get(path.name.lower(), 0)
            omit = tre_init_omit(name, first, len(frames))
            if omit:  # where TRE never starts a segment, as the OTB toolkit's initOmit/<name>.txt says
                meta["tre_init_omit"] = omit
    if len(gt) != len(frames):
        from workbench.core.data.groundtruth import count_mismatch

        raise count_mismatch(gt_file, len(gt), len(frames), holder="its img/", frames_dir=path / "img")
    attrs = {}
    if gt_file.parent.name in TOOLKIT_FOLDERS.values() and gt_file.parent != path:
        attrs = toolkit_attributes(gt_file.parent / "att" / gt_file.name, gt_file.parent.name, path.name)
    if note or twice:
        meta["warnings"] = ([note] if note else []) + twice
    return sequence_from_images(name, frames, gt_file, path, NAME, gt=gt, attributes=attrs, meta=meta)


def _number(f: Path) -> int | None:
    m = re.search(r"(\d+)$", f.stem)
    return int(m.group(1)) if m else None


def toolkit_frames(name: str, frames: list, gt):
    """``(frames, gt, meta facts)`` of an OTB-100 sequence as the OTB toolkit runs it: only the images of its
    frame range where img/ holds more images than there are boxes (David: 0300..0770, ``FRAME_RANGES``), and
    without the first frames it never starts from (Tiger1, ``INIT_OMIT``). Anything else is returned as it is."""
    facts = {}
    rng = FRAME_RANGES.get(name.lower())
    if rng is not None and len(frames) > len(gt):
        lo, hi = rng
        picked = [f for f in frames if (k := _number(f)) is not None and lo <= k <= hi]
        if len(picked) != len(gt):  # images not numbered as the toolkit's: its range by position
            picked = frames[lo - 1:hi]
        if len(picked) == len(gt):
            facts["toolkit_frames"] = (f"images {picked[0].name}..{picked[-1].name} of the {len(frames)} in img/, "
                                       f"the OTB toolkit's frames {lo}..{hi} (the boxes' frames)")
            frames = picked
    omit = INIT_OMIT.get(name.lower())
    if omit and len(frames) > omit:
        if len(gt) == len(frames):
            frames, gt = frames[omit:], gt[omit:]
            facts["groundtruth_first_line"] = omit + 1
        elif len(frames) - len(gt) == omit:  # the toolkit's own box file (anno/Tiger1.txt) starts there already
            frames = frames[omit:]
        else:
            return frames, gt, facts
        facts["toolkit_frames"] = (f"from image {frames[0].name}: the OTB toolkit never starts a run on the first "
                                   f"{omit} frames (initOmit) and scores from there, as pysot-toolkit and pytracking do")
    return frames, gt, facts


def toolkit_rows(name: str, n_rows: int, n_frames: int) -> int:
    """How many leading rows of a result file of ``n_rows`` rows for the OTB sequence ``name`` of ``n_frames``
    frames are frames this reader leaves out (``INIT_OMIT``): the GOT-10k toolkit runs Tiger1 on all its 354
    frames; 0 for any other file."""
    omit = INIT_OMIT.get(str(name).lower(), 0)
    return omit if omit and n_rows == n_frames + omit else 0


def list_root(root: Path):
    from workbench.core.data.detect import SequenceEntry

    root = Path(root)
    if not root.is_dir():
        return []
    if not probe(root):  # a toolkit's folder (PTB-TIR, LSOTB-TIR): its sequences are in its frames folder
        root = next((root / f for f, a in TOOLKIT_FOLDERS.items() if (root / f).is_dir() and (root / a).is_dir()), root)
    cands = [root] if probe(root) else [c for c in sorted(root.iterdir()) if c.is_dir() and probe(c)]
    out = []
    for c in cands:
        several = targets(c)
        out += ([SequenceEntry(f"{c.name}-{k}", NAME, c, (lambda c=c, k=k: open(c, k))) for k in several] if several
                else [SequenceEntry(c.name, NAME, c, (lambda c=c: open(c)))])
    return out
