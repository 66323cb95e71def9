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


_GUI_SETTINGS: dict[str, QSettings] = {}  # the GUI thread's QSettings, one per location


def _on_gui_thread() -> bool:
    from PySide6.QtCore import QCoreApplication, QThread

    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def settings() -> QSettings:
    """The settings store. On the GUI thread one object per location is kept (it was made, and its
    file parsed, on every read: a run's start reads and writes a dozen keys); other threads get their
    own (QSettings objects are reentrant, not thread-safe). Objects of one location share their data."""
    path = os.environ.get("WORKBENCH_SETTINGS") or ""
    gui = _on_gui_thread()
    if gui and path in _GUI_SETTINGS:
        return _GUI_SETTINGS[path]
    s = QSettings(path, QSettings.Format.IniFormat) if path else QSettings(ORG, APP)
    if gui:
        _GUI_SETTINGS[path] = s
    return s


def settings_problem() -> str:
    """"" when the settings can be saved where ``WORKBENCH_SETTINGS`` points, or without it where Qt keeps them
    (``settings().fileName()``: ~/.config/workbench/workbench.conf, a macOS plist; Qt makes the folders it lacks),
    else why not: Qt's write fails without a word and the settings were silently lost. The Windows registry (no
    file) is not looked at."""
    path = os.environ.get("WORKBENCH_SETTINGS") or ""
    if not path:
        path = settings().fileName()
        if not path or path.upper().startswith(("\\HKEY", "HKEY")) or not os.path.isabs(path):
            return ""
    p = Path(path).absolute()
    try:
        if p.is_dir():
            why = "it is a folder"
        elif p.exists():
            why = "" if os.access(p, os.W_OK) else "no permission to write it"
        else:
            up = p.parent
            while not up.exists() and up != up.parent:
                up = up.parent
            if not up.is_dir():
                why = f"{up} is a file, not a folder"
            else:
                why = "" if os.access(up, os.W_OK | os.X_OK) else f"no permission to write in {up}"
    except OSError as exc:
        why = exc.strerror or str(exc)
    return (f"the settings file {p} cannot be written ({why}); settings changed in this session will not be "
            "kept (set WORKBENCH_SETTINGS to a writable file)") if why else ""


_WORKSPACE_PROBLEM = [""]  # why the workspace asked for could not be used, at the last look ("" if it could)


def workspace_dir() -> Path:
    """Where runs are saved: ``$WORKBENCH_WORKSPACE``, else the user's data folder. One that cannot be made
    (a file in the way, no permission) must not keep the window from starting: a folder under the system's
    temporary folder is used instead and ``workspace_problem()`` says why."""
    env = os.environ.get("WORKBENCH_WORKSPACE")
    if env:
        root = Path(env)
    else:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
        root = Path(base or Path.home() / ".local" / "share") / "workbench" / "workspace"
    try:
        root.mkdir(parents=True, exist_ok=True)
        _WORKSPACE_PROBLEM[0] = ""
        return root
    except OSError as exc:
        import tempfile

        fallback = Path(tempfile.gettempdir()) / f"workbench-workspace-{os.getuid() if hasattr(os, 'getuid') else 0}"
        fallback.mkdir(parents=True, exist_ok=True)
        _WORKSPACE_PROBLEM[0] = (f"the workspace {root} cannot be used ({exc.strerror or exc}); runs are saved to "
                                 f"{fallback} instead (set WORKBENCH_WORKSPACE to a writable folder)")
        return fallback


def workspace_problem() -> str:
    """"" when the workspace asked for is in use, else why not and where runs go instead."""
    workspace_dir()
    return _WORKSPACE_PROBLEM[0]


def results_dir() -> Path:
    return workspace_dir() / "results"


def export_dir() -> Path:
    """Where an export dialog opens: the folder the user chose in the last one (kept with the other
    settings), else the workspace. Opening data has its own last folder (``paths/last_dir``): an export
    no longer starts inside a dataset, nor in a tracker's sub-folder written by the last export."""
    chosen = settings().value("paths/export_dir", "")
    if chosen and Path(str(chosen)).is_dir():
        return Path(str(chosen))
    return workspace_dir()


def set_export_dir(folder) -> None:
    """``folder``: the one chosen in an export dialog (for a file: the folder it goes to)."""
    settings().setValue("paths/export_dir", str(Path(folder)))


CSV_BOM_KEY = "export/csv_bom"


def csv_bom() -> bool:
    """Whether the window's CSV exports begin with a UTF-8 byte-order mark (File > Export > "CSV with a byte-order
    mark (Excel)": Excel on Windows reads CJK / accented names right only then; ``csvtable``); off unless chosen."""
    return bool(get_value(CSV_BOM_KEY, 0))


def set_csv_bom(on: bool) -> None:
    settings().setValue(CSV_BOM_KEY, int(bool(on)))


def get_json(key: str, default=None):
    raw = settings().value(key)
    if raw in (None, ""):
        return default
    try:
        return json.loads(raw)
    except (TypeError, ValueError):
        return default


def get_value(key: str, default: str | int) -> str | int:
    """``key``'s saved value as ``default``'s type (text, or a whole number a Qt widget takes), ``default`` where
    the settings file holds no such value: a damaged or hand-edited file (play_fps=abc, colormap=[1,2]) stopped
    the window at its start, as a damaged recent-items list or plugin form did (``recent_items``)."""
    raw = settings().value(key, default)
    if isinstance(default, str):
        return raw if isinstance(raw, str) else default
    try:
        v = int(raw)
    except (TypeError, ValueError):
        return default
    return v if -2**31 <= v < 2**31 else default  # Qt's int: past it a widget's setValue raised OverflowError


def set_json(key: str, value) -> None:
    """Stored at once for every reader in this process; written to disk by Qt from the event loop,
    a few writes together (on the GUI thread, a sync per key wrote and flushed the file each time),
    and by ``flush``, which the window calls when it saves its state and closes."""
    s = settings()
    s.setValue(key, json.dumps(value))
    if not _on_gui_thread():
        s.sync()


def flush() -> None:
    for s in _GUI_SETTINGS.values():
        s.sync()


def recent_items() -> list[dict]:
    items = get_json("recent", [])
    if not isinstance(items, list):  # a damaged settings file: '5' or 'null' stopped the window at its start
        return []
    return [i for i in items if isinstance(i, dict) and "path" in i][:MAX_RECENT]


def add_recent(path: str | Path, kind: str) -> list[dict]:
    path = str(path)
    items = [i for i in recent_items() if i["path"] != path]
    items.insert(0, {"path": path, "kind": kind})
    set_json("recent", items[:MAX_RECENT])
    return items[:MAX_RECENT]
