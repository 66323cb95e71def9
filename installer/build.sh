#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/workbench/workbench (+ dist/workbench/_internal/).
#
#   bash installer/build.sh                 # Python: $PYTHON, else the active venv, else ./.venv, else python3
#   CLEAN=1 bash installer/build.sh         # from scratch, without PyInstaller's cache
#   bash installer/check_bundle.sh          # then: start it offscreen on the demo and check the screenshot
#
# Installs PyInstaller into that Python if it is missing (the `installer` extra pins it). The bundle
# holds whatever torch the environment has: build in an environment with a CUDA torch to ship GPU
# support; the code picks CUDA or CPU at run time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -n "${PYTHON:-}" ]]; then PY="$PYTHON"
elif [[ -n "${VIRTUAL_ENV:-}" ]]; then PY="$VIRTUAL_ENV/bin/python"
elif [[ -x "$ROOT/.venv/bin/python" ]]; then PY="$ROOT/.venv/bin/python"
elif [[ -x /work/venv/bin/python ]]; then PY=/work/venv/bin/python
else PY=python3; fi
# that Python is checked before anything is installed into it (a shell without the venv active fell back to
# python3: PyInstaller went into the system Python, then the build stopped for want of the workbench)
if ! version=$("$PY" -c "import sys; print(sys.version.split()[0])" 2>/dev/null); then
  echo "$PY does not run: name the Python of the workbench's environment: PYTHON=path/to/.venv/bin/python" \
    "bash installer/build.sh" >&2
  exit 1
fi
if ! "$PY" -c "import sys; sys.exit(sys.version_info < (3, 10))"; then
  echo "$PY is Python $version: the workbench needs Python 3.10 or newer; name one:" \
    "PYTHON=path/to/.venv/bin/python bash installer/build.sh" >&2
  exit 1
fi
if ! "$PY" -c "import workbench" 2>/dev/null; then
  echo "the workbench is not installed in $PY: set it up first (README.md, 'Two commands'), then activate" \
    "its environment (. .venv/bin/activate) or name its Python: PYTHON=path/to/.venv/bin/python bash installer/build.sh" >&2
  exit 1
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "installing PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
  "$PY" -m pip install "pyinstaller>=6.10"
fi
# the entry-point metadata must be current (a new plugin in pyproject needs a reinstall)
"$PY" - <<'PY'
from importlib.metadata import entry_points
eps = sorted(ep.name for ep in entry_points(group="workbench.plugins"))
print("entry-point plugins to bundle:", ", ".join(eps))
PY
start=$(date +%s)
# CLEAN=1 drops PyInstaller's analysis cache in build/pyinstaller (a from-scratch build)
"$PY" -m PyInstaller --noconfirm ${CLEAN:+--clean} --log-level "${PYI_LOG_LEVEL:-WARN}" \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/workbench.spec
end=$(date +%s)
echo "built $ROOT/dist/workbench in $((end - start)) s ($(du -sh "$ROOT/dist/workbench" | cut -f1))"
