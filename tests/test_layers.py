"""The layering rules of DESIGN.md, checked on the source: core never imports Qt, the GUI or a plugin;
a plugin imports the core and its own package only, except its panel / inspector modules (loaded by
the GUI alone), which may use Qt and the window's inspector API; nothing outside a plugin imports a
plugin's modules; and no two modules import each other, even through imports inside functions."""
import ast
import functools
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "workbench"
PLUGIN_PKGS = sorted(p for p in (ROOT / "plugins").glob("*/workbench_*") if p.is_dir() and (p / "__init__.py").exists())
QT = ("PySide6", "pyqtgraph", "superqt", "qtpy", "PyQt5", "PyQt6")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(_pkg_root(path)).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _pkg_root(path: Path) -> Path:
    """The folder that holds the top-level package of ``path``: the plugin's folder for a plugin, the
    repository for workbench and benchmarks."""
    for p in PLUGIN_PKGS:
        if path.is_relative_to(p):
            return p.parent
    return ROOT


@functools.lru_cache(maxsize=None)
def _imports(path: Path) -> frozenset[str]:
    """Every module ``path`` imports, at module level or inside functions; relative imports resolved;
    ``from a import b`` counted as ``a.b`` too (b may be a submodule). Parsed once a run: several checks
    scan the same files."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names if a.name != "*"}
    return frozenset(out)


def _sources() -> list[Path]:
    files = [f for f in PKG.rglob("*.py")]
    for p in PLUGIN_PKGS:
        files += list(p.rglob("*.py"))
    return sorted(files)


def _graph() -> dict[str, set[str]]:
    """Module -> the modules of workbench / the plugins it imports (external packages left out)."""
    mods = {_module_name(f): f for f in _sources()}
    graph = {}
    for name, f in mods.items():
        deps = set()
        for imp in _imports(f):
            # an import names the module itself or a name inside it: keep the longest known module
            parts = imp.split(".")
            for n in range(len(parts), 0, -1):
                cand = ".".join(parts[:n])
                if cand in mods:
                    if cand != name:
                        deps.add(cand)
                    break
        graph[name] = deps
    return graph


def _summary(graph: dict[str, set[str]], only=None) -> str:
    lines = ["import graph (module -> workbench / plugin modules it imports):"]
    for m in sorted(graph):
        if only is None or m in only:
            lines.append(f"  {m} -> {', '.join(sorted(graph[m])) or '-'}")
    return "\n".join(lines)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a cycle path."""
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return comps


def _plugin_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top.startswith("workbench_") else None


def _is_gui_module(path: Path) -> bool:
    # Qt lives only in a plugin's panel / inspector modules (loaded by the GUI alone)
    return path.stem.startswith(("panel", "inspector")) or "gui" in path.parts


def test_layout_is_what_the_checks_scan():
    assert PKG.is_dir() and (PKG / "core").is_dir() and (PKG / "baselines").is_dir()
    assert {p.name for p in PLUGIN_PKGS} >= {"workbench_siamfcpp_prune", "workbench_nas_tir", "workbench_hanet",
                                             "workbench_lw_irstnet", "workbench_seq_irst"}


def test_core_imports_neither_qt_nor_plugins_nor_gui():
    bad = []
    for f in (PKG / "core").rglob("*.py"):
        for mod in _imports(f):
            if mod.split(".")[0] in QT or mod.startswith(("workbench.gui", "workbench.cli", "workbench.baselines")) \
                    or _plugin_of(mod):
                bad.append(f"{f.relative_to(ROOT)} imports {mod}")
    assert not bad, bad


def test_data_readers_and_writers_do_not_import_training():
    """``core.data`` sits below ``core.training`` (the training corpus reads data; data never trains): a writer
    that needs a helper of the training loop's (``held_interrupts``, which hsi_convert imported from
    ``training.loop``) gets it from the low module it belongs in (``core.errors``)."""
    bad = [f"{f.relative_to(ROOT)} imports {mod}" for f in (PKG / "core" / "data").rglob("*.py")
           for mod in _imports(f) if mod.startswith("workbench.core.training")]
    assert not bad, "\n".join(bad)


def test_plugins_depend_on_core_and_themselves_only():
    bad = []
    for p in PLUGIN_PKGS:
        for f in p.rglob("*.py"):
            gui = _is_gui_module(f)
            for mod in _imports(f):
                other = _plugin_of(mod)
                if other and other != p.name:
                    bad.append(f"{f.relative_to(ROOT)} imports another plugin: {mod}")
                # a panel / inspector may build on the window's public widgets; nothing else may
                if (mod.startswith("workbench.gui") and not gui) or mod.startswith("workbench.cli"):
                    bad.append(f"{f.relative_to(ROOT)} imports {mod}")
                if mod.split(".")[0] in QT and not gui:
                    bad.append(f"{f.relative_to(ROOT)} imports {mod} outside a panel / inspector module")
    assert not bad, "\n".join(bad) + "\n" + _summary(_graph(), {_module_name(ROOT / b.split()[0]) for b in bad})


def test_nothing_outside_a_plugin_imports_its_modules():
    bad = []
    outside = list(PKG.rglob("*.py")) + list((ROOT / "benchmarks").rglob("*.py"))
    for f in outside:
        for mod in _imports(f):
            if _plugin_of(mod):
                bad.append(f"{f.relative_to(ROOT)} imports {mod}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    graph = _graph()
    cycles = _cycles(graph)
    assert not cycles, ("modules that import each other (directly or round a loop, counting imports "
                        f"inside functions): {cycles}\n" + _summary(graph, {m for c in cycles for m in c}))


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
