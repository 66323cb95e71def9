"""Which labelled sequences and frames a command works on: the ``--sequence`` / ``--data`` folders and
``--frames START:END`` ranges shared by ``detect``, ``train`` and the workflow (kept apart from both
so that neither command module imports the other for them)."""
from __future__ import annotations

from pathlib import Path

from workbench.core.errors import DataError, WorkbenchError

#: what a labelled sequence is, as the refusals of a path holding none say it (``--data``, ``--root``)
LABELLED_LAYOUTS = ("frames/ + labels.csv or anno_xy.txt, a video, YOLO images/ + labels/, images/<seq>/ + "
                    "masks/<seq>/ or + COCO instances_*.json, an Anti-UAV IR_label.json")


def open_many(paths, labelled_only: bool = True, flag: str = "--sequence", split: str | None = None) -> list:
    """The sequences at or under each path (``flag``: the option that gave them, for the messages).
    ``labelled_only=False`` (``detect``): a path holding no labelled sequence may be a folder of frames or a video
    without labels, opened unlabelled (detected, not scored). ``split``: only the sequences of that split
    (``split_of``: an ITSDT-15K COCO split, an Anti-UAV split folder), refused where a path has none of it;
    without it, a path of several splits is said (``mixed_splits``)."""
    from workbench_seq_irst.runs import list_sequences, open_seq

    seqs, seen = [], {}
    for p in paths:
        not_empty(flag, p)
        if not Path(p).exists():
            raise WorkbenchError(f"{p}: no such file or folder")
        found = list_sequences(p)
        if not found and not labelled_only:
            from workbench.core.data.irseq import open_irseq

            try:
                seq = open_irseq(p)
            except WorkbenchError:
                pass  # neither labelled nor frames: the message below
            else:
                require_one_size(seq)  # an image set (SIRST): said here, not a traceback from the detector
                if once(seq.path or p, p, seen):
                    seqs.append(seq)
                continue
        if not found:
            if labelled_only:
                raise WorkbenchError(f"{p}: no labelled sequence here ({LABELLED_LAYOUTS})")
            raise WorkbenchError(f"{p}: no sequence here (a folder of frames or a video, labelled or not)")
        opened = labelled_of(p, found) if labelled_only else [(f, open_seq(f)) for f in found]
        if split is None:  # (--sequence is detect's, whose --split gives ``split``; train's --data has none)
            mixed_splits(p, opened, flag, split_flag="--split" if flag == "--sequence" else None)
        else:
            opened = of_split(p, opened, split)
        for f, seq in opened:
            if once(f, p, seen):
                seqs.append(seq)
                require_one_size(seq)
    return seqs


def split_of(path, seq, given) -> str | None:
    """The split a sequence found under ``given`` belongs to: its set's (ITSDT-15K: the COCO file listing its
    frames, ``meta["split"]``), or the Anti-UAV split folder (``train/``, ``val/``, ``test/``) it lies in; None."""
    from workbench.core.data.irseq import antiuav_split

    split = (getattr(seq, "meta", None) or {}).get("split")
    if split:
        return str(split)
    return antiuav_split(path, given)


def of_split(given, opened, split: str) -> list:
    """The (path, sequence) pairs of ``opened`` (found under ``given``) of split ``split``; refused naming the
    splits there are where none is of it."""
    kept = [(f, q) for f, q in opened if split_of(f, q, given) == split]
    if not kept:
        there = sorted({s for f, q in opened if (s := split_of(f, q, given)) is not None})
        raise WorkbenchError(f"{given}: no sequence of split {split!r} here ("
                             + (f"its splits: {', '.join(there)}" if there else "its sequences name no split")
                             + "; a split is an ITSDT-15K COCO file's (instances_<split>2017.json) or an Anti-UAV "
                               "split folder)")
    return kept


def mixed_splits(given, opened, flag: str = "--sequence", split_flag: str | None = None) -> str | None:
    """Said (a warning, returned) where the sequences found under ``given`` (``opened``: (path, sequence) pairs)
    are of more than one split: an ITSDT-15K root's train and test sequences, an Anti-UAV root's split folders
    were all detected and scored together (or trained on) without a word. Names each split's sequences and how
    to take one split alone: ``flag`` ``given`` ``split_flag`` <split> where the command has such an option, else
    ``flag`` and each of its sequences' paths, quoted for this machine's shell (a space in one broke the paste)."""
    by: dict[str, list] = {}
    for f, seq in opened:
        split = split_of(f, seq, given)
        if split is not None:
            by.setdefault(split, []).append((f, seq))
    if len(by) < 2:
        return None
    parts = [f"{k} ({len(v)}: {', '.join(q.name for _f, q in v[:3])}{', ...' if len(v) > 3 else ''})"
             for k, v in sorted(by.items())]
    from workbench.core.errors import warn_data
    from workbench.core.shell import quote

    first = sorted(by)[0]
    shown = [] if split_flag else [f for f, _q in by[first][:2]]
    alone = (f"{flag} {quote(given)} {split_flag} {quote(first)}" if split_flag else
             " ".join(f"{flag} {quote(f)}" for f in shown) + (" ..." if len(by[first]) > 2 else ""))
    said = (f"{given}: sequences of {len(by)} splits taken together (one overall score): {'; '.join(parts)}; "
            f"split {first} alone: {alone}")
    warn_data(said, paths=(given, *shown))
    return said


def not_empty(flag: str, path) -> None:
    """An empty path (``--sequence "$SEQ"`` with SEQ unset) is refused: as ``Path("")`` it was the current folder,
    and every sequence under it was detected, trained on or held out."""
    if not str(path).strip():
        from workbench.core.options import OptionError

        raise OptionError(flag, "''", "an empty path (an unset shell variable?): give a sequence folder, a video or "
                                      "a folder of them")


def once(path, given, seen: dict) -> bool:
    """False (with a warning) when the sequence at ``path`` was reached before, through ``seen[its real path]``:
    ``--data A --data A/``, a symlink to A, or a root and a sequence under it gave A twice, and it was trained on
    twice (its crops twice as often as the other sequences'), or in a leave-one-out both held out and trained on.
    Used once: the union of the paths is what was meant, and nothing of it is ambiguous."""
    key = Path(path).resolve()  # a YOLO run's virtual path resolves through its existing root folder
    if key not in seen:
        seen[key] = given
        return True
    first = seen[key]
    from workbench.core.errors import warn_data

    warn_data(f"{given}: sequence {key.name} is given twice (through {first} too); used once", paths=(given, first))
    return False


def labelled_of(p, found) -> list[tuple]:
    """[(listed path, opened sequence)] of the sequences ``found`` under ``p`` (``runs.list_sequences(p)``)
    that have labels: the training data of ``train`` and of LOSO's folds (``loso.discover``). A video without
    labels beside it is listed as a sequence but is not training data (it was trained on as frames without any
    target, every crop a background, or held out and scored with nothing): left out with a warning, refused
    when every one found is such."""
    from workbench_seq_irst.runs import open_seq

    kept, unlabelled = [], []
    for f in found:
        seq = open_seq(f)
        if seq.labelled:
            kept.append((f, seq))
        else:
            unlabelled.append(seq)
    if unlabelled:
        said = _unlabelled_note(unlabelled)
        if not kept:
            raise WorkbenchError(f"{p}: no labelled sequence here: {said}")
        from workbench.core.errors import warn_data

        warn_data(f"{p}: left out, {said}")
    return kept


def _unlabelled_note(seqs) -> str:
    """'clip.mp4 has no labels (a video's are <stem>.labels.csv or <stem>.anno_xy.txt beside it)', with how
    many more: videos are listed as sequences whether labelled or not, and ``train`` took an unlabelled
    one as frames without any target (every crop a background crop), without a word."""
    first = seqs[0]
    name = Path(first.path).name if first.path is not None else first.name
    more = f" (and {len(seqs) - 1} more)" if len(seqs) > 1 else ""
    why = ("a video's are <stem>.labels.csv or <stem>.anno_xy.txt beside it"
           if first.path is not None and Path(first.path).is_file() else "no labels.csv or anno_xy.txt")
    if first.meta.get("labels_not_read"):  # the folder's labels file, left unread among several videos
        why = first.meta["labels_not_read"]
    return f"{name}{more} has no labels ({why})"


def frame_range(text: str | None, flag: str = "--frames") -> slice | None:
    """``START:END`` as a slice (None: every frame); ``flag`` names the option in the refusal (it said "frame
    range", not which of --train-frames / --val-frames)."""
    if not text:
        return None
    try:
        a, b = text.split(":")
        return slice(int(a) if a else None, int(b) if b else None)
    except ValueError:
        from workbench.core.options import OptionError

        raise OptionError(flag, text, "must be START:END (0-based, END exclusive), e.g. 0:100") from None


def joined_ranges(argv, flags=("--frames",)) -> list[str]:
    """``argv`` with ``--frames -1:`` (a range from the end) written ``--frames=-1:``: argparse takes a value that
    starts with ``-`` and is not a plain number for an option, and said "--frames: expected one argument"."""
    import re

    argv, out, i = list(argv), [], 0
    while i < len(argv):
        if argv[i] in flags and i + 1 < len(argv) and re.fullmatch(r"-\d+:(-?\d+)?", argv[i + 1]):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def require_one_size(seq) -> None:
    """A sequence whose frames differ in size (an image set of several cameras, SIRST) cannot give the
    differential input of consecutive frames: refused when added to a project or opened by ``detect`` /
    ``train``, naming the folder, two files and their sizes (the core's ``size_problem``; both failed
    later with "frames must be 2-D and of one size", naming none; ``detect`` with a traceback)."""
    from workbench.core.data.sequence import frame_paths, frame_sizes, size_problem

    found = size_problem(frame_sizes(seq.frames), frame_paths(seq.frames), seq.path or seq.name,
                         "the detector")
    if found is not None:
        raise DataError(*found)
