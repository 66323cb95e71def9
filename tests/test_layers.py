"""The layering rules of DESIGN.md, checked on the source: core never imports Qt or plugins; a
plugin imports the core only, except its panel / inspector modules (loaded by the GUI alone), which
may use Qt and the window's inspector API."""
import ast
import subprocess
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "workbench"
QT = ("PySide6", "pyqtgraph", "superqt", "qtpy", "PyQt5", "PyQt6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
    return out


def test_core_imports_neither_qt_nor_plugins_nor_gui():
    bad = []
    for f in (PKG / "core").rglob("*.py"):
        for mod in _imports(f):
            if mod.split(".")[0] in QT or mod.startswith(("workbench.plugins", "workbench.gui")):
                bad.append(f"{f.relative_to(PKG)} imports {mod}")
    assert not bad, bad


def test_plugins_depend_on_core_only():
    bad = []
    for f in (PKG / "plugins").rglob("*.py"):
        # Qt lives only in a plugin's panel / inspector modules (loaded by the GUI alone)
        is_gui_module = f.stem.startswith(("panel", "inspector")) or "gui" in f.parts
        for mod in _imports(f):
            # a panel / inspector may build on the window's inspector API; nothing else may
            if (mod.startswith("workbench.gui") and not is_gui_module) or mod == "workbench.cli":
                bad.append(f"{f.relative_to(PKG)} imports {mod}")
            if mod.split(".")[0] in QT and not is_gui_module:
                bad.append(f"{f.relative_to(PKG)} imports {mod} outside a panel module")
    assert not bad, bad


def test_core_and_plugin_descriptions_import_headless():
    code = ("import sys, importlib, pkgutil, workbench.core as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'workbench.core.'): importlib.import_module(m.name)\n"
            "from workbench.core.registry import default_registry\n"
            "reg = default_registry()\n"
            "heavy = [m for m in ('PySide6', 'pyqtgraph', 'torch') if m in sys.modules]\n"
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"loading the core and the plugin list imported {out.stdout.strip()}"
