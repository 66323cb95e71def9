"""The README's *Data it reads* table names every layout the readers detect, under the name `workbench list
--dataset` prints for it, so an analyst can find the row of a layout the listing shows."""
from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _layout_table() -> str:
    start = README.index("## Data it reads")
    return README[start:README.index("\n## ", start + 1)]


def test_readme_layout_table_names_every_detected_layout():
    from workbench.core.data.detect import layouts

    table = _layout_table()
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| ")]
    named = {n for cell in first_cells for n in re.findall(r"`(\w+)`", cell)}
    missing = sorted({mod.NAME for mod in layouts()} - named)
    assert not missing, f"README.md, Data it reads: no row names the layout(s) {missing}"
