"""The prepared GPU scripts (tools/gpu_session.sh, gpu_session_irst.sh, gpu_check.sh) run on a lent GPU machine
with minutes of device time in all: a command line that no longer parses (a renamed flag, a dropped choice, a
moved file) costs a whole session, and nothing runs them between sessions. Each script is run here by bash as
written, with stubs for workbench / python3 / timeout that record every command line as the script expands
it (the GPU lines, DRY=0, and the CPU dry run's, DRY=1); every recorded ``workbench`` line is then parsed by
the command's own argparse parser (the parse stops the command: nothing runs), every ``python3 -m`` module and
every name a script's inline Python imports must exist, and every repository path it names must be there."""
from __future__ import annotations

import argparse
import ast
import contextlib
import importlib
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = ("gpu_session.sh", "gpu_session_irst.sh", "gpu_check.sh")

# records its name, its arguments (NUL-separated), the PYTEST_ variables it was given and, when it reads a
# program from stdin (python3 -), that program; `timeout N CMD` runs CMD
_RECORD = """#!/bin/sh
f="$STUB_LOG/$(date +%s%N)-$$"
printf '%s\\0' "$(basename "$0")" "$@" > "$f"
env | grep '^PYTEST_' > "$f.env"
for a in "$@"; do [ "$a" = "-" ] && { cat > "$f.stdin"; break; }; done
"""
# workbench also makes its --out as the commands do: a .pt file, or a folder with the weights a next stage reads
_MAKE_OUT = """out=; prev=
for a in "$@"; do [ "$prev" = "--out" ] && out=$a; prev=$a; done
case "$out" in
  "") ;;
  *.pt) mkdir -p "$(dirname "$out")"; : > "$out" ;;
  *) mkdir -p "$out"; : > "$out/weights_q8.pt"; : > "$out/final_weights.pt" ;;
esac
"""


def _stubs(tmp: Path) -> Path:
    bin_ = tmp / "bin"
    bin_.mkdir()
    for name in ("workbench", "python3", "nvidia-smi"):
        (bin_ / name).write_text(_RECORD + (_MAKE_OUT if name == "workbench" else "") + "exit 0\n")
    (bin_ / "timeout").write_text('#!/bin/sh\nshift\nexec "$@"\n')
    for f in bin_.iterdir():
        f.chmod(0o755)
    return bin_


def _run(script: str, tmp: Path, bin_: Path, dry: str, run: int) -> tuple[list[dict], Path]:
    """Run one script once with the stubs; its recorded calls (in order) and its OUT."""
    log, out, v2 = tmp / f"log{run}", tmp / f"out{run}", tmp / "v2"
    for d in (log, out, v2):
        d.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in (
        "DRY", "DEVICE", "BENCH", "DATA", "PACK", "EPOCHS", "TOTAL", "SELECT", "INIT", "PS_PARENT", "BS", "WORK")}
    env.update(PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}", STUB_LOG=str(log), OUT=str(out), V2=str(v2),
               DRY=dry, TMPDIR=str(tmp))
    p = subprocess.run(["bash", str(REPO / "tools" / script)], cwd=REPO, env=env, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, f"{script} (DRY={dry}) ended {p.returncode}: {p.stderr[-2000:]}"
    calls = []
    for f in sorted(g for g in log.iterdir() if "." not in g.name):
        argv = f.read_bytes().split(b"\0")[:-1]
        stdin = f.with_name(f.name + ".stdin")
        calls.append({"name": argv[0].decode(), "argv": [a.decode() for a in argv[1:]],
                      "env": dict(v.split("=", 1) for v in f.with_name(f.name + ".env").read_text().splitlines()),
                      "stdin": stdin.read_text() if stdin.exists() else None})
    return calls, out


class _Parsed(BaseException):  # not an Exception: no handler of the command's own catches it
    def __init__(self, prog, ns):
        super().__init__(prog)
        self.prog, self.ns = prog, ns


def _parse_workbench(argv: list[str], monkeypatch) -> tuple[str, argparse.Namespace]:
    """Parse a workbench line with the command's own parser, as `workbench ARGV` would; stops there."""
    from workbench import cli

    real = argparse.ArgumentParser.parse_args

    def parse_args(self, args=None, namespace=None):
        raise _Parsed(self.prog, real(self, args, namespace))

    err = io.StringIO()
    with monkeypatch.context() as m:
        m.setattr(argparse.ArgumentParser, "parse_args", parse_args)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                rc = cli.main(list(argv))
        except _Parsed as p:
            return p.prog, p.ns
        except SystemExit as exc:
            pytest.fail(f"`workbench {' '.join(argv)}` is refused by its parser ({exc.code}): {err.getvalue()}")
    pytest.fail(f"`workbench {' '.join(argv)}` never reached its parser (status {rc}): {err.getvalue()}")


def _check_python(call: dict, where: str) -> None:
    argv = call["argv"]
    if "-m" in argv:
        module = argv[argv.index("-m") + 1]
        rest = argv[argv.index("-m") + 2:]
        if module == "pytest":
            files = [a for a in rest if a.endswith(".py")]
            assert files, f"{where}: pytest without test files: {argv}"
            for a in files:
                assert (REPO / a).is_file(), f"{where}: pytest is given {a}, which is not there"
            return
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin, f"{where}: no module {module}"
        source = Path(spec.origin).read_text()
        for a in rest:  # these modules name their few flags in their source (--force: the shared add_force_arg)
            if a.startswith("--"):
                known = f'"{a}"' in source or (a == "--force" and "add_force_arg(" in source)
                assert known, f"{where}: {module} knows no {a}"
        return
    code = call["stdin"] if argv[:1] == ["-"] else argv[argv.index("-c") + 1] if "-c" in argv else None
    assert code is not None, f"{where}: a python3 call neither -m, -c nor a program on stdin: {argv}"
    tree = ast.parse(code)
    sys.path.insert(0, str(REPO))  # the inline programs run from the repository root
    try:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = importlib.import_module(node.module)
                for alias in node.names:
                    assert hasattr(mod, alias.name) or hasattr(mod, "__path__") and \
                        importlib.util.find_spec(f"{node.module}.{alias.name}"), \
                        f"{where}: `from {node.module} import {alias.name}`: {node.module} has no {alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    assert importlib.util.find_spec(alias.name), f"{where}: `import {alias.name}`: no such module"
    finally:
        sys.path.remove(str(REPO))


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_command_line_of_the_gpu_scripts_parses(script, tmp_path, monkeypatch):
    from workbench.core import bench

    bin_ = _stubs(tmp_path)
    outputs = []
    for run, dry in enumerate(("0", "1")):
        calls, out = _run(script, tmp_path, bin_, dry, run)
        names = [c["name"] for c in calls]
        assert "workbench" in names, f"{script}: no workbench line recorded: {names}"
        written = set()
        for c in calls:
            where = f"{script} (DRY={dry}): {c['name']} {' '.join(c['argv'])}"
            for a in c["argv"]:  # files of the repository the line names (weights, genotypes, tests)
                if a.startswith(("plugins/", "tools/", "benchmarks/")):
                    assert (REPO / a).exists(), f"{where}: {a} is not in the repository"
            if c["name"] == "python3":
                _check_python(c, where)
                continue
            if c["name"] != "workbench":
                continue
            prog, ns = _parse_workbench(c["argv"], monkeypatch)
            if c["argv"][0] == "bench":
                assert ns.name in bench.available(), f"{where}: no benchmark {ns.name!r}"
            if dry == "1" and getattr(ns, "device", None) is not None:
                # a CPU dry run is on the CPU: --device cuda there stops the stage at once
                assert ns.device == "cpu", f"{where}: --device {ns.device} in a CPU dry run"
            written |= {str(getattr(ns, k)) for k in ("out", "json") if getattr(ns, k, None)}
            if getattr(ns, "out", None):  # checkpoints, a pruned model: far over what comes back from $OUT
                assert not Path(ns.out).resolve().is_relative_to(out.resolve()), f"{where}: --out under $OUT"
        outputs.append(written)
        # the device tool brings back at most 8 files of $OUT, no more than 2 folders down: the results must be
        # among them
        files = [f.relative_to(out) for f in out.rglob("*") if f.is_file()]
        assert len(files) <= 8 and all(len(f.parts) <= 3 for f in files), f"{script}: $OUT holds {files}"
    # each device call gets a fresh $OUT but the machine's /tmp stays: a file named the same in two runs is
    # already there in the second, and the commands refuse to write over their files
    assert not outputs[0] & outputs[1], f"{script}: the same output in two runs: {outputs[0] & outputs[1]}"


def test_gpu_check_pytest_line_collects_without_pyside6_and_xdist(tmp_path):
    """gpu_check.sh step 5 on the GPU machine: no PySide6 there (a pytest-qt beside it stopped pytest before
    any test) and perhaps no pytest-xdist (the root conftest's xdist hook was refused without it). PySide6 is
    made not found here as it is there (the path finder does not see it); xdist is not loaded by the line."""
    calls, _ = _run("gpu_check.sh", tmp_path, _stubs(tmp_path), "0", 0)
    c = next(c for c in calls if c["name"] == "python3" and c["argv"][:2] == ["-m", "pytest"])
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\n"
        "class Hide:\n"
        "    def __init__(self, inner):\n"
        "        self.inner = inner\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            return None\n"
        "        return self.inner.find_spec(name, path, target)\n"
        "    def __getattr__(self, k):\n"
        "        return getattr(self.inner, k)\n"
        "sys.meta_path[:] = [Hide(f) if getattr(f, '__name__', '') == 'PathFinder' else f for f in sys.meta_path]\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(c["env"], PYTHONPATH=os.pathsep.join([str(hide), env.get("PYTHONPATH", "")]),
               QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, *c["argv"], "--collect-only", "-p", "no:cacheprovider"], cwd=REPO,
                       env=env, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    collected = [line for line in p.stdout.splitlines() if "::" in line]
    for f in (a for a in c["argv"] if a.endswith(".py")):  # each file gives its CUDA tests
        assert any(line.startswith(f + "::") for line in collected), (f, p.stdout[-2000:])
