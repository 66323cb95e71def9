"""installer/build.sh checks the Python it builds with before it installs anything into it: a shell without
the venv active fell back to python3, installed PyInstaller into that (system) Python, and only then
stopped for want of the workbench. Each test gives the script a stand-in Python (a shell script) that logs
what it is asked and has neither PyInstaller nor the workbench."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "installer" / "build.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or sys.platform == "win32",
                                reason="installer/build.sh is a bash script")


def _stand_in(tmp_path: Path, version: str, too_old: bool) -> tuple[Path, Path]:
    log = tmp_path / "asked.log"
    py = tmp_path / "bin dir" / "python"  # a path with a space
    py.parent.mkdir()
    py.write_text(f"""#!/usr/bin/env bash
echo "$*" >> "{log}"
case "$*" in
  *"import PyInstaller"*) exit 1;;
  *"import workbench"*) echo "ModuleNotFoundError: No module named 'workbench'" >&2; exit 1;;
  *"sys.version.split"*) echo {version}; exit 0;;
  *"sys.version_info"*) exit {1 if too_old else 0};;
  *"sys.prefix"*) echo /usr; exit 0;;
esac
exit 0
""")
    py.chmod(0o755)
    return py, log


def _build(py: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PYTHON"] = str(py)
    return subprocess.run(["bash", str(BUILD)], env=env, capture_output=True, text=True, timeout=30)


def test_a_python_without_the_workbench_gets_nothing_installed(tmp_path):
    py, log = _stand_in(tmp_path, "3.11.7", too_old=False)
    p = _build(py)
    assert p.returncode == 1
    assert f"the workbench is not installed in {py}" in p.stderr
    assert "PYTHON=" in p.stderr  # says how to name the right one
    asked = log.read_text()
    assert "pip" not in asked and "installing PyInstaller" not in p.stdout, asked


def test_a_python_too_old_is_named_with_its_version(tmp_path):
    py, log = _stand_in(tmp_path, "3.9.18", too_old=True)
    p = _build(py)
    assert p.returncode == 1
    assert f"{py} is Python 3.9.18: the workbench needs Python 3.10 or newer" in p.stderr
    assert "pip" not in log.read_text()


# installer/check_bundle.py: a step that hangs or cannot start was a traceback that ended the check
def _check_bundle(argv):
    import importlib.util

    spec = importlib.util.spec_from_file_location("q3_check_bundle", ROOT / "installer" / "check_bundle.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.main(argv)


def test_bundle_check_says_a_step_that_runs_past_its_timeout(tmp_path, capsys):
    exe = tmp_path / "dist dir" / "workbench"
    exe.parent.mkdir()
    exe.write_text('#!/usr/bin/env bash\ncase "$1" in\n  list) echo trackers:; echo "  kcf  KCF";;\n'
                   '  --demo) exec sleep 20;;\n  demo) echo "no demo" >&2; exit 3;;\nesac\n')
    exe.chmod(0o755)
    assert _check_bundle([str(exe), "--timeout", "1"]) == 1
    out = capsys.readouterr()
    assert f"{exe} did not finish within 1 s" in out.err
    assert "workbench list: exit 0, 1 plugins: kcf" in out.out
    assert "headless demo failed" in out.err  # the steps after it still ran


def test_bundle_check_says_an_executable_that_cannot_start(tmp_path, capsys, monkeypatch):
    exe = tmp_path / "workbench"
    exe.write_text("not a program\n")  # no execute permission
    monkeypatch.chdir(tmp_path)
    assert _check_bundle(["workbench", "--timeout", "5"]) == 1  # a bare name: the file here, not one on PATH
    err = capsys.readouterr().err
    assert f"{exe} cannot be started" in err and "Traceback" not in err
