"""A plugin command's ``prog`` opt-in (docs/PLUGINS.md 7: "a `prog` keyword with a default") was any parameter named
prog: a positional-only one was passed by keyword (TypeError), a required one was given by the CLI but not by a
sweep's CommandTask, which never passed prog at all (a sweep point's usage named the other plugin sharing the
function). ``workbench corpus pak x --out y`` said a 203-character line beginning "workbench: error: workbench
corpus", and ``workbench corpus --out x`` called '--out' an unknown sub-command (R7, session 57)."""
from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.core import registry as registry_mod
from workbench.core.batch import CommandTask, run_command_task
from workbench.core.registry import Plugin, Registry, takes_prog

CALLS: list = []


def with_default(argv, prog="workbench zap default"):
    CALLS.append(("with_default", list(argv), prog))


def keyword_only(argv, *, prog="workbench zap default"):
    CALLS.append(("keyword_only", list(argv), prog))


def positional_only(argv, prog="workbench zap default", /):
    CALLS.append(("positional_only", list(argv), prog))


def required(argv, *, prog):
    CALLS.append(("required", list(argv), prog))


def keywords(argv, **kw):
    CALLS.append(("keywords", list(argv), kw))


def plain(argv):
    CALLS.append(("plain", list(argv)))
    return 3


FUNCTIONS = (with_default, keyword_only, positional_only, keywords, plain)


@pytest.fixture
def zap(monkeypatch):
    """Plugins each offering the verb ``zap`` with one of the functions above (by reference, as an entry point)."""
    reg = Registry()
    for fn in FUNCTIONS:
        reg.add(Plugin(name=f"p_{fn.__name__}", kind="tracker", factory=lambda c, d: None,
                       commands={"zap": f"{__name__}:{fn.__name__}"}))
    monkeypatch.setattr(registry_mod, "_DEFAULT", reg)
    CALLS.clear()
    return reg


def test_only_a_prog_keyword_with_a_default_opts_in():
    assert takes_prog(with_default) and takes_prog(keyword_only)
    assert not any(takes_prog(fn) for fn in (positional_only, required, keywords, plain, print))


def test_the_cli_gives_prog_only_where_the_function_opts_in(zap, capsys):
    for fn in FUNCTIONS:
        assert main(["zap", f"p_{fn.__name__}", "--n", "1"]) == (3 if fn is plain else 0)
    assert CALLS == [("with_default", ["--n", "1"], "workbench zap p_with_default"),
                     ("keyword_only", ["--n", "1"], "workbench zap p_keyword_only"),
                     ("positional_only", ["--n", "1"], "workbench zap default"),  # was a TypeError
                     ("keywords", ["--n", "1"], {}),
                     ("plain", ["--n", "1"])]


def test_a_sweep_task_gives_prog_as_the_cli_does(zap):
    outcomes = [run_command_task(CommandTask(f"p_{fn.__name__}", ("--lr", "0.1"), verb="zap")) for fn in FUNCTIONS]
    assert [o.error for o in outcomes] == [None, None, None, None, "exit status 3"]
    assert CALLS[:3] == [("with_default", ["--lr", "0.1"], "workbench zap p_with_default"),
                         ("keyword_only", ["--lr", "0.1"], "workbench zap p_keyword_only"),
                         ("positional_only", ["--lr", "0.1"], "workbench zap default")]
    # a "module:function" names no plugin: the function keeps its own prog
    CALLS.clear()
    assert run_command_task(CommandTask(f"{__name__}:with_default", (), verb="zap")).error is None
    assert CALLS == [("with_default", [], "workbench zap default")]


@pytest.mark.parametrize("argv, said", [
    (["corpus", "pak", "x", "--out", "y"], "unknown corpus sub-command 'pak'; known: pack (workbench corpus -h)"),
    (["corpus", "--out", "x"], "corpus: a sub-command is missing before '--out'; known: pack (workbench corpus -h)"),
])
def test_corpus_names_a_wrong_or_missing_sub_command_in_one_short_line(capsys, argv, said):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"workbench: error: {said}\n" and len(err) < 200, err
