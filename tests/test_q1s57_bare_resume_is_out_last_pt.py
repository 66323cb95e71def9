"""`--resume` alone continues the --out folder's last.pt in every training, as the README says ("`--resume`
continues it"): the LW-IRSTNet, SiamFC++ and PS-SiamFC++ trainings took only `--resume FILE`, and a bare one was
argparse's 'expected one argument' (hanet, nas_tir and seq_irst take the bare flag)."""
from __future__ import annotations

from pathlib import Path

import pytest


def _parsed(parser, argv):
    from workbench.core.training.earlier_run import resume_in_out

    return resume_in_out(parser.parse_args(argv))


@pytest.mark.parametrize("which", ["lw_irstnet", "siamfcpp"])
def test_bare_resume_is_the_out_folders_last_pt(tmp_path, which):
    if which == "lw_irstnet":
        from workbench_lw_irstnet.train import parser

        make, base = parser, ["--data", str(tmp_path / "set")]
    else:
        from workbench_siamfcpp_prune.train import base_parser

        make, base = (lambda: base_parser("workbench train siamfcpp", "")), []
    out = tmp_path / "run"
    assert _parsed(make(), base + ["--out", str(out), "--resume"]).resume == str(out / "last.pt")
    # before another option too, and a file named is kept as named; none: a new training
    assert _parsed(make(), base + ["--resume", "--out", str(out)]).resume == str(out / "last.pt")
    assert _parsed(make(), base + ["--out", str(out), "--resume", "old/last.pt"]).resume == "old/last.pt"
    assert _parsed(make(), base + ["--out", str(out)]).resume is None
    assert "--resume alone: the --out folder's last.pt" in " ".join(make().format_help().split())


def test_the_commands_fill_it_in():
    """Each command that parses these options names the file before using it (not the placeholder)."""
    root = Path(__file__).resolve().parents[1] / "plugins"
    for path, calls in (("lw_irstnet/workbench_lw_irstnet/train.py", 1),
                        ("lw_irstnet/workbench_lw_irstnet/command.py", 1),
                        ("siamfcpp_prune/workbench_siamfcpp_prune/train.py", 2)):
        text = (root / path).read_text(encoding="utf-8")
        assert text.count("resume_in_out(") - text.count("import resume_in_out") == calls, path
        assert text.count(".parse_args(argv)") == calls, path
