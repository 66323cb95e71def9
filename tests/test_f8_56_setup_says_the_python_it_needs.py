"""The README's set-up command (and .ci/run, which runs it) made a venv of any python3: on Python 3.9 the first word
was pip's conflict over torch 2.13.0, not that the workbench needs 3.10 (pyproject's requires-python). Its first
command is a version check that stops an older python3 saying so, before the venv is made."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = re.compile(r"^python3 -c '([^']*)'")


def _setup_line() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return next(ln for ln in text.splitlines() if "python3 -m venv .venv" in ln and "pip install torch" in ln)


def _check(where: str) -> str:
    if where == "README.md":
        line = _setup_line()
    else:
        line = next((ln for ln in (ROOT / ".ci/run").read_text().splitlines() if CHECK.match(ln)), "")
    m = CHECK.match(line)
    assert m, f"{where}: no Python version check before the venv is made"
    return m.group(1)


def _run(code: str, monkeypatch, version: tuple, text: str):
    monkeypatch.setattr(sys, "version_info", version)
    monkeypatch.setattr(sys, "version", text)
    with pytest.raises(SystemExit) as e:
        exec(compile(code, "<set-up check>", "exec"), {})
    return e.value.code


@pytest.mark.parametrize("where", ["README.md", ".ci/run"])
def test_an_older_python_is_stopped_saying_what_it_needs(where, monkeypatch):
    code = _check(where)
    said = _run(code, monkeypatch, (3, 9, 18, "final", 0), "3.9.18 (main, Jan 1 2024) [GCC 12.2.0]")
    assert isinstance(said, str) and "Python 3.9.18" in said and "3.10 or newer" in said
    assert not _run(code, monkeypatch, (3, 11, 2, "final", 0), "3.11.2 (main) [GCC 12.2.0]")  # exit 0: goes on


def test_the_check_comes_first_and_agrees_with_pyproject():
    assert _setup_line().startswith("python3 -c ")
    ci = (ROOT / ".ci/run").read_text().splitlines()
    assert next(i for i, ln in enumerate(ci) if CHECK.match(ln)) < next(i for i, ln in enumerate(ci)
                                                                           if ln.startswith("python3 -m venv"))
    assert _check("README.md") == _check(".ci/run")
    assert 'requires-python = ">=3.10"' in (ROOT / "pyproject.toml").read_text()
