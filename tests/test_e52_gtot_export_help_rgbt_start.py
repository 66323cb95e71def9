"""The Python ``rgbt`` toolkit reads GTOT's corner rows as w = x2 - x1 + 1 (its strict mode) unless
``rgbt.utils.RGBT_start()`` is called first, as its own eval_gtot.py does; GTOT's MATLAB toolkit takes x2 - x1, as
our export writes them. ``export-results --toolkit gtot``'s help said nothing of it: a user scoring our files there
without the call got every box a pixel wider."""
from __future__ import annotations

import pytest


def test_export_results_help_names_rgbt_start_for_gtot(capsys):
    from workbench import cli

    with pytest.raises(SystemExit) as info:
        cli.main(["export-results", "--help"])
    assert info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps the help
    gtot = text[text.index("gtot: GTOT MATLAB toolkit"):]
    gtot = gtot[:gtot.index("; rgbt234:")]
    assert "call rgbt.utils.RGBT_start() before GTOT()" in gtot
    assert "w = x2 - x1 + 1, not GTOT's x2 - x1" in gtot
