"""Every option README.md and docs/PLUGINS.md show on a core command (`workbench run ... --save-maps`) is one
that command's parser takes: an option renamed in workbench/cli.py must be renamed in the text too."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_VERBS = ("demo", "run", "eval", "report", "export-video", "export-results", "list", "bench")


def _commands(text: str) -> list[str]:
    """The `workbench VERB ...` command lines of a Markdown text: inline code spans and code-block lines."""
    spans = re.findall(r"`(workbench [^`]+)`", text)
    spans += [line.strip() for line in text.splitlines() if line.strip().startswith("workbench ")]
    return spans


def _options_by_verb(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for cmd in _commands(text):
        words = cmd.split()
        if len(words) > 1 and words[1] in CORE_VERBS:
            cmd = cmd.split("#")[0]  # a code block's comment is prose
            found.setdefault(words[1], set()).update(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", cmd))
    return found


def _parser_options() -> dict[str, set[str]]:
    from workbench.cli import _parser

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {verb: set(sub.choices[verb]._option_string_actions) for verb in CORE_VERBS}


def test_documented_core_options_exist():
    known = _parser_options()
    for doc in ("README.md", "docs/PLUGINS.md"):
        for verb, options in _options_by_verb((ROOT / doc).read_text(encoding="utf-8")).items():
            unknown = options - known[verb]
            assert not unknown, f"{doc}: `workbench {verb}` shown with {sorted(unknown)}, which it does not take"


def test_the_check_sees_a_renamed_option():
    found = _options_by_verb("| `workbench eval DIR --dataset ROOT [--jsn F]` | x |\n\n    workbench bench hsi --colour\n")
    known = _parser_options()
    assert found["eval"] - known["eval"] == {"--jsn"}
    assert found["bench"] - known["bench"] == {"--colour"}
    assert {"--dataset", "--json", "--force", "--save-maps"} <= known["eval"] | known["run"]
