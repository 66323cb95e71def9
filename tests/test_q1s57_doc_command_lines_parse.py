"""Every `workbench ...` command line the README, docs/PLUGINS.md and the example plugin's README show names a
command the CLI has (a core verb, `generate hsi-video` / `corpus pack`, or a plugin's verb with the plugin named
after it or by `--model`), and every long option on it is one that command's own `-h` lists: an option renamed or
dropped in a plugin's parser must be renamed in the text too. (tests/test_g5_readme_options.py checks the core
verbs against the main parser; this one asks each command as the CLI dispatches it.)"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("README.md", "docs/PLUGINS.md", "examples/workbench-example-plugin/README.md")
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")
_HELPS: dict = {}  # `-h` texts by command words, shared by the tests (a plugin's -h may import torch once)


def _lines(text: str) -> list[str]:
    """The `workbench VERB ...` lines of a Markdown text (inline code and code blocks), comments cut."""
    spans = re.findall(r"`(workbench [^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    for block in re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S):
        spans += [line.strip() for line in block.splitlines() if line.strip().startswith("workbench ")]
    return [" ".join(s.split("#")[0].split()) for s in spans]


def _prefix(words: list[str], verbs: set[str]) -> list[list[str]] | None:
    """The words that name the command of a line (its `-h` asked with them): one list per plugin where the text
    writes `tophat|mpcm`; None for prose placeholders (`workbench VERB NAME`, `workbench PATH`) and the window."""
    from workbench.cli import NESTED_COMMANDS, SUBCOMMANDS

    verb = words[1] if len(words) > 1 else ""
    if verb in NESTED_COMMANDS:
        sub = words[2] if len(words) > 2 and words[2] in NESTED_COMMANDS[verb] else None
        return [[verb, sub]] if sub else None
    if verb in SUBCOMMANDS:
        return [[verb]]
    if verb not in verbs:
        assert verb in ("VERB", "PATH") or verb.startswith("-") or not verb, f"no command {verb!r}"
        return None
    rest = words[2:]
    name = rest[rest.index("--model") + 1] if "--model" in rest[:-1] else (rest[0] if rest else "")
    if not name or name.startswith("-") or name.isupper() or name == "...":
        return None  # `workbench train NAME ...`, `workbench detect`: no plugin named
    return [[verb, n] + (["--loso"] if "--loso" in rest else []) for n in name.split("|")]


def _help(prefix: tuple[str, ...], cache: dict) -> str:
    from workbench.cli import _main

    if prefix not in cache:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                _main(list(prefix) + ["-h"])
            except SystemExit:
                pass
        cache[prefix] = out.getvalue()
    return cache[prefix]


def test_documented_command_lines_are_the_clis():
    from workbench.cli import plugin_commands

    verbs, cache, checked = set(plugin_commands()), _HELPS, 0
    for doc in DOCS:
        for line in _lines((ROOT / doc).read_text(encoding="utf-8")):
            words = line.split()
            for prefix in _prefix(words, verbs) or []:
                text = _help(tuple(prefix), cache)
                assert text.startswith("usage:"), f"{doc}: `{line}`: `workbench {' '.join(prefix)} -h` gave {text!r}"
                unknown = set(OPTION.findall(line)) - set(OPTION.findall(text)) - {"--model"}
                assert not unknown, f"{doc}: `{line}` shows {sorted(unknown)}, which `workbench " \
                                    f"{' '.join(prefix)}` does not take"
                checked += 1
    assert checked > 60 and {("train", "hanet"), ("generate", "hsi-video"), ("corpus", "pack"),
                             ("segment", "tophat"), ("detect", "seq_irst")} <= set(cache)


def test_the_check_sees_a_dropped_option():
    from workbench.cli import plugin_commands

    verbs, cache = set(plugin_commands()), {}
    line = "workbench segment --model tophat|mpcm --dataset D --treshold 3"
    prefixes = _prefix(line.split(), verbs)
    assert prefixes == [["segment", "tophat"], ["segment", "mpcm"]]
    for prefix in prefixes:
        assert "--dataset" in _help(tuple(prefix), cache) and "--treshold" not in _help(tuple(prefix), cache)
    assert _prefix("workbench train NAME ...".split(), verbs) is None
    assert _prefix("workbench generate hsi-convert SRC --out DST".split(), verbs) == [["generate", "hsi-convert"]]


def test_every_training_says_what_its_out_folder_gets():
    """`--out` of `workbench train NAME -h` was a bare name for hanet and seq_irst (and the LOSO mode's): each says
    the folder it is (and what goes in it)."""
    from workbench.core.registry import default_registry

    reg = default_registry()
    names = sorted(n for n, p in reg.plugins.items() if "train" in p.commands)
    assert {"hanet", "seq_irst", "lw_irstnet", "siamfcpp"} <= set(names)
    for words in [("train", n) for n in names] + [("train", "seq_irst", "--loso")]:
        text = _help(words, _HELPS)
        described = re.search(r"^  --out OUT +\S|^  --out OUT\n {20,}\S", text, flags=re.M)
        assert described, f"`workbench {' '.join(words)} -h`: --out without a word of what it is"
