"""The GUI tests write only under their own tmp folders: test_cosmetic_fits saved a screenshot to a fixed
``/tmp/s35/gui3/`` (a folder of one person's session; left behind on every run where it exists)."""
from __future__ import annotations

import ast
from pathlib import Path


def test_no_test_writes_to_a_fixed_tmp_folder():
    here = Path(__file__).parent
    found = []
    for path in sorted(here.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/tmp/"):
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []
