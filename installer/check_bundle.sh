#!/usr/bin/env bash
# Start the built bundle offscreen: `list` (plugins via bundled entry points), `--demo --screenshot`
# (window, tracking, valid PNG, exit 0) and a short headless `demo`. Needs only a python3.
#   bash installer/check_bundle.sh [path/to/dist/workbench/workbench]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$(command -v python3 || command -v python)}"
exec "$PY" "$ROOT/installer/check_bundle.py" "$@"
