"""Where the window keeps its settings and its results.

Settings: ``QSettings`` (organisation "workbench"); ``WORKBENCH_SETTINGS=/path/file.ini`` points them
at an ini file instead (tests, portable installs). Results: a workspace folder, by default the
platform's data folder + ``workbench/workspace``; ``WORKBENCH_WORKSPACE`` overrides it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG = "workbench"
APP = "workbench"
MAX_RECENT = 10


def settings() -> QSettings:
    path = os.environ.get("WORKBENCH_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORG, APP)


def workspace_dir() -> Path:
    env = os.environ.get("WORKBENCH_WORKSPACE")
    if env:
        root = Path(env)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
        root = Path(base or Path.home() / ".local" / "share") / "workbench" / "workspace"
    root.mkdir(parents=True, exist_ok=True)
    return root


def results_dir() -> Path:
    return workspace_dir() / "results"


def get_json(key: str, default=None):
    raw = settings().value(key)
    if raw in (None, ""):
        return default
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return default


def set_json(key: str, value) -> None:
    s = settings()
    s.setValue(key, json.dumps(value))
    s.sync()


def recent_items() -> list[dict]:
    items = get_json("recent", [])
    return [i for i in items if isinstance(i, dict) and "path" in i][:MAX_RECENT]


def add_recent(path: str | Path, kind: str) -> list[dict]:
    path = str(path)
    items = [i for i in recent_items() if i["path"] != path]
    items.insert(0, {"path": path, "kind": kind})
    set_json("recent", items[:MAX_RECENT])
    return items[:MAX_RECENT]
