"""``segment --out`` on ITSDT-15K frames (``images/<seq>/`` beside the root's COCO json) or an Anti-UAV sequence
(frames beside ``IR_label.json``) is refused, as on every labelled set (what is scored is not the method's own
masks); the refusal said "copy a sequence's frames to a folder", naming no command, and nothing else segments
those frames unscored. It names the commands now (mkdir, cp of the frames, segment --out on the copy): run as
said, they write the masks."""
from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest

from tests.test_e2_53_box_scored_ir_sequences import _antiuav, _itsdt, _threshold


def _said(err: str) -> list[list[str]]:
    """The commands the refusal names, each as its words."""
    said = err.split("(--views draws what was scored): ", 1)[1].replace("one sequence at a time, e.g. ", "")
    said = said.split(" segments a copy", 1)[0]
    return [shlex.split(c) for c in said.split(" && ")]


@pytest.mark.parametrize("make, sub, seq, several", [
    (_itsdt, "images/58", "58", False), (_itsdt, "", "1", True), (_itsdt, "images", "1", True),
    (_antiuav, "test/02_x", "02_x", False)])
def test_the_out_refusal_names_commands_that_segment_the_frames(monkeypatch, tmp_path, make, sub, seq, several):
    from workbench.core.options import OptionError

    cmd = _threshold(monkeypatch)
    made = make(tmp_path / "set")
    dataset = made / sub if sub else made
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OptionError) as got:
        cmd(["--dataset", str(dataset), "--out", str(out)])
    err = str(got.value)
    assert ("one sequence at a time" in err) == several, err
    mkdir, cp, segment = _said(err)
    assert mkdir[:2] == ["mkdir", "-p"] and cp[0] == "cp" and segment[:3] == ["workbench", "segment", "--model"]
    os.mkdir(mkdir[2])  # what the shell does with them
    sources = [p for g in cp[1:-1] for p in Path(g).parent.glob(Path(g).name)]
    assert sources and all(p.parent.name == seq for p in sources)
    for p in sources:
        shutil.copy(p, cp[-1])
    assert cmd(segment[4:]) == 0
    masks = list(out.rglob("*.png"))
    assert len(masks) == len(sources)  # every frame copied, segmented (not scored: none left out)


def test_on_windows_the_refusal_says_the_steps_in_words(monkeypatch, tmp_path):
    """cmd.exe has no ``cp`` and expands no globs, PowerShell 5.1 has no ``&&``: on Windows the refusal names the
    frames to copy and the segment command for the copy, not a POSIX command line."""
    from workbench.core import shell
    from workbench.core.options import OptionError

    cmd = _threshold(monkeypatch)
    made = _itsdt(tmp_path / "set")
    monkeypatch.setattr(shell, "WINDOWS", True)
    with pytest.raises(OptionError) as got:
        cmd(["--dataset", str(made / "images" / "58"), "--out", str(tmp_path / "out")])
    err = str(got.value)
    assert " && " not in err and " cp " not in err, err
    assert "copy its frames (" in err and "58_frames" in err and "workbench segment --model" in err, err
