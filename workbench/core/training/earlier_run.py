"""Whose run an ``--out`` folder holds, for every plugin's ``train`` / ``search``: a new run into a folder with a
``last.pt`` is refused ("continue it with --resume"), and that advice was wrong when the checkpoint was another
method's (or another verb's: a search's ``last.pt`` under ``train``), which ``--resume`` then refused in turn. The run
is named by the command its checkpoint records (``extra["command"]``) or its log's first command line, else told
apart by its weights (the caller's ``looks_mine`` / ``known``)."""
from __future__ import annotations

import re
from pathlib import Path

COMMAND = re.compile(r"workbench ([a-z][a-z_-]*) ([A-Za-z0-9_]+)")
LOGS = ("train_log.txt", "search_log.txt", "log.txt")


def _said(text: str) -> str | None:
    m = COMMAND.search(text or "")
    return f"{m.group(1)} {m.group(2)}" if m else None


def _logged(folder: Path) -> str | None:
    """The command the first log in ``folder`` that names one starts with (``"search nas_tir"``)."""
    for name in LOGS:
        log = folder / name
        if log.is_file():
            with open(log, encoding="utf-8", errors="replace") as f:
                said = _said(f.read(4096))
            if said:
                return said
    return None


def other_run(last: Path, mine: str, looks_mine, known=None) -> str | None:
    """What ``last`` is when it is not a checkpoint of ``mine`` (``"train lw_irstnet"``): ``"a `workbench search
    nas_tir` run's checkpoint"``, or ``"another network's checkpoint (...)"``; None when it is this command's, or
    cannot be read (the resume says what is wrong with it). ``looks_mine(checkpoint)``: its weights are this
    command's network's (for checkpoints that record no command); ``known(checkpoint)``: the command of a sibling's
    checkpoint the plugin can tell by its weights (``"search nas_tir"``), or None."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.training.checkpoints import load_checkpoint

    try:
        ck = load_checkpoint(last)
    except (WorkbenchError, OSError, RuntimeError, ValueError):
        return None
    said = _said(str((ck.get("extra") or {}).get("command") or "")) or _logged(Path(last).parent)
    if said is None and known is not None:
        said = known(ck)
    if said is not None:
        return None if said == mine else f"a `workbench {said}` run's checkpoint"
    if looks_mine(ck):
        return None
    keys = list(ck.get("model") or {})
    first = f", the first {keys[0]!r}" if keys else ""
    return f"another network's checkpoint ({len(keys)} weights{first})"


def refuse_other_run(out, mine: str, looks_mine, known=None) -> None:
    """``--out``'s ``last.pt`` of another command: refused saying what is there (not "continue it with --resume")."""
    from workbench.core.errors import WorkbenchError

    last = Path(out) / "last.pt"
    other = other_run(last, mine, looks_mine, known) if last.is_file() else None
    if other is not None:
        raise WorkbenchError(f"--out {out}: holds another command's run: {last} is {other}, not a `workbench "
                             f"{mine}` one, and --resume cannot continue it here; give another --out")


#: what ``--resume`` given without a file stands for until ``resume_in_out`` names it: the --out folder's last.pt
RESUME_OUT = "OUT/last.pt"


def add_resume_option(ap) -> None:
    """``--resume [LAST_PT]``: a last.pt to continue from, or with no file the --out folder's own, as the README's
    "`--resume` continues it" and the hanet / nas_tir / seq_irst trainings take it (a bare ``--resume`` was refused
    by argparse, 'expected one argument', for the trainings that take a file). Call ``resume_in_out`` on the
    parsed arguments."""
    ap.add_argument("--resume", nargs="?", const=RESUME_OUT, default=None, metavar="LAST_PT",
                    help="a last.pt to continue from; --resume alone: the --out folder's last.pt")


def resume_in_out(args):
    """``args.resume`` given bare (``RESUME_OUT``) as the --out folder's last.pt; ``args`` returned."""
    if getattr(args, "resume", None) == RESUME_OUT:
        args.resume = str(Path(args.out) / "last.pt")
    return args
