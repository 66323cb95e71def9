"""Plugin descriptions and their discovery through the ``workbench.plugins`` entry-point group.

An entry point names a small ``Plugin`` object; the heavy model code is imported only when the
method is first created (``Plugin.create``). A plugin that fails to load is listed as failed with
its error, and the others carry on.
"""
from __future__ import annotations

import dataclasses
import importlib
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Callable

from workbench.core.errors import PluginError

GROUP = "workbench.plugins"
KINDS = ("tracker", "segmenter", "detector")
# the workbench's own distributions (this one and the method plugins of pyproject's `all` extra): their methods keep
# their names against a third-party plugin of the same name, whatever the order of sys.path
OWN_DISTRIBUTIONS = frozenset({"ir-workbench", "workbench-siamfcpp-prune", "workbench-nas-tir", "workbench-hanet",
                               "workbench-lw-irstnet", "workbench-seq-irst"})
# the methods each of their entry points brings, known without importing it: when one fails to import, a third-party
# plugin of one of these names is refused rather than taken silently in its place (a test keeps this in step)
OWN_METHODS = {"dcf": ("kcf", "kcf_dsst"), "opencv": ("mil", "nanotrack"), "classic_irst": ("tophat", "mpcm"),
               "hanet": ("hanet", "hanet_rgb"), "lw_irstnet": ("lw_irstnet",), "nas_tir": ("nas_tir",),
               "seq_irst": ("seq_irst",), "siamfcpp_prune": ("siamfcpp", "ps_siamfcpp")}


def resolve(ref: str | Callable) -> Any:
    """``"package.module:attr"`` -> the object (imports lazily); callables pass through."""
    if not isinstance(ref, str):
        return ref
    mod, _, attr = ref.partition(":")
    obj = importlib.import_module(mod)
    for part in attr.split(".") if attr else []:
        obj = getattr(obj, part)
    return obj


def takes_prog(fn) -> bool:
    """Whether a plugin command function asks to be told the line it was called by (docs/PLUGINS.md 7): a ``prog``
    parameter that can be given by keyword and has a default. A positional-only ``prog`` (given by keyword it is a
    TypeError), a ``prog`` without a default (the function could not be called without it, as a script or a sweep
    calls it) or ``**kwargs`` alone is no opt-in: the function is called with its arguments alone."""
    import inspect

    try:
        param = inspect.signature(fn).parameters.get("prog")
    except (TypeError, ValueError):  # a callable without a signature Python can read: called as before
        return False
    return (param is not None and param.default is not param.empty
            and param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY))


def call_command(fn: Callable, argv, prog: str | None) -> int:
    """Call a plugin command function with ``argv``, and ``prog=`` where it takes it (``takes_prog``) and ``prog``
    is given: one function behind two plugins' verb names the one it was called as in its usage. Its exit code
    (None: 0)."""
    return int(fn(list(argv), **({"prog": prog} if prog is not None and takes_prog(fn) else {})) or 0)


PATH_KINDS = ("file", "dir")
WEIGHTS_FILTER = "Weights (*.pt *.pth);;All files (*)"  # a weights setting's Browse… filter (field metadata)
_CORE_SEGMENT = "workbench.core.segment_command:FOR_PLUGIN."  # + a segmenter's name: the core's segment command


def setting_path(value, meta: dict):
    """The path a setting declared a path (field ``metadata={"path": "file" | "dir"}``) names (``~`` expanded),
    None when there is none to look for: not a path setting, empty (the method's default), one of the field's
    ``keywords`` (words it takes instead of a path, e.g. "random"), or a name no system can look up."""
    from pathlib import Path

    text = str(value or "").strip()
    if meta.get("path") not in PATH_KINDS or not text or text in tuple(meta.get("keywords") or ()):
        return None
    try:
        return Path(text).expanduser()
    except (RuntimeError, ValueError):  # "~nobody": no such user's home
        return Path(text)


def path_problem(value, meta: dict, exists=None) -> str | None:
    """Why a setting declared a path (``setting_path``) names nothing on disk: the short reason ("no such file:
    X"), or None when there is something at ``value``, or nothing to look for. Only existence is checked: what
    a file or folder holds is the method's to judge (a training's folder may stand for its checkpoint).
    ``exists``: how to tell (a path -> True / False, or None while not known: nothing said); default
    ``Path.exists`` at once (the window asks a cache filled off its GUI thread: a dead network mount)."""
    path = setting_path(value, meta)
    if path is None:
        return None
    try:
        there = exists(path) if exists is not None else path.exists()
    except (OSError, ValueError):  # a name the system cannot even look up (a NUL byte, too long)
        there = False
    if there is None or there:
        return None
    return f"no such {'folder' if meta.get('path') == 'dir' else 'file'}: {str(value).strip()}"


def path_settings_problem(config, exists=None) -> str | None:
    """The first setting of ``config`` (a dataclass instance) that declares a path naming nothing on disk, as one
    line naming the setting and what to do; None when there is none. ``exists``: as ``path_problem``'s."""
    if config is None or not dataclasses.is_dataclass(config):
        return None
    for f in dataclasses.fields(config):
        meta = dict(f.metadata or {})
        why = path_problem(getattr(config, f.name, None), meta, exists)
        if why:
            what = "folder" if meta.get("path") == "dir" else "file"
            return (f"setting {f.name}: {why}; choose an existing {what} (--set {f.name}=PATH, or Browse… beside it "
                    f"in the window's settings)")
    return None


def _takes_exists(check: Callable) -> bool:
    """Whether a ``Plugin.ready`` check takes ``exists`` (how to tell a path is there); older checks take the
    config alone."""
    import inspect

    try:
        params = inspect.signature(check).parameters
    except (TypeError, ValueError):  # a builtin or C callable without a signature
        return False
    return "exists" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


@dataclass
class Plugin:
    """What a plugin declares. ``factory(config, device) -> method instance``.

    ``config``: a dataclass type whose fields (with defaults) become the settings form; field
    ``metadata`` may carry ``help``, ``min``, ``max``, ``step``, ``choices``, and ``check`` (a callable taking the
    value and returning what is wrong with it, or "" / None: a rule ``min`` / ``max`` cannot say; asked by
    ``--set``, the form and commands' flags).
    ``panel``: ``"module:Class"`` of an optional Qt panel (imported by the GUI only).
    ``inspectors``: ``{"title": "module:Class"}`` extra Qt docks (GUI only).
    ``commands``: ``{"name": "module:function"}`` extra CLI commands, each ``fn(argv) -> int``; a segmenter that
    declares no ``segment`` gets the core's (``core.segment_command``: ``workbench segment NAME --dataset ROOT``).
    ``benchmarks``: ``{"name": "module"}`` benchmark modules (each defines ``run(quick) -> dict``) that
    ``workbench bench NAME`` runs beside the core's own.
    ``uses_torch``: whether the device choice matters.
    ``capabilities``: optional abilities beyond the kind's protocol, declared rather than probed so that
    callers know them before the model is imported: names from ``workbench.core.methods.CAPABILITIES``.
    ``map_names``: the maps a method with the ``maps`` capability publishes (``TrackOutput.maps`` keys), when
    it declares them: ``workbench run --save-maps NAME`` refuses a name not among them before the run (empty:
    not declared, checked after the run). A method without the ``maps`` capability publishes none.
    ``version``: the distribution's version, filled in at discovery when left empty (run manifests).
    ``ready``: optional ``"module:function"`` (or callable) ``ready(config) -> str | None``, a cheap check
    (files present, no model imported) of whether the method can run with ``config``: None when it can,
    else the one-line reason ("set weights_dir to the folder holding ..."). The window greys Run with
    the reason while it holds, and the command line says it before any work (``why_not_ready``). A check that
    looks for files may take ``exists`` too (``ready(config, exists=None)``, as ``path_problem``'s: a path ->
    True / False, or None while not known): the window passes the looks it makes off its GUI thread, so that
    refreshing Run's state never waits on the disk (NanoTrack's two ONNX files); a check without it is asked on a
    thread there (``why_not_ready``'s ``ask``: ``config_form.ReadyChecks``).
    ``smallest_user_box`` / ``smallest_user_box_why``: the smallest first box a user may give the tracker (px a
    side, and why; 0: any size), declared here alone (the tracker class does not say it again), so that it is known
    without making the tracker: ``workbench run --init`` and the window refuse a box under it before any tracker of
    the run starts (``boxes.check_user_box``, given this Plugin).
    """

    name: str
    kind: str
    factory: str | Callable
    title: str = ""
    description: str = ""
    config: type | None = None
    modalities: tuple[str, ...] = ("gray", "rgb", "ir16")
    uses_torch: bool = False
    panel: str | None = None
    inspectors: dict[str, str] = field(default_factory=dict)
    commands: dict[str, str] = field(default_factory=dict)
    benchmarks: dict[str, str] = field(default_factory=dict)
    capabilities: tuple[str, ...] = ()
    map_names: tuple[str, ...] = ()
    version: str = ""
    ready: str | Callable | None = None
    smallest_user_box: float = 0.0
    smallest_user_box_why: str = ""

    def __post_init__(self):
        from workbench.core.methods import CAPABILITIES

        if self.kind not in KINDS:
            raise ValueError(f"plugin {self.name!r}: kind must be one of {KINDS}, got {self.kind!r}")
        self.capabilities = tuple(self.capabilities)
        self.map_names = tuple(self.map_names)
        unknown = sorted(set(self.capabilities) - set(CAPABILITIES))
        if unknown:
            raise ValueError(f"plugin {self.name!r}: unknown capabilities {unknown}; known: {sorted(CAPABILITIES)}")
        if not self.title:
            self.title = self.name
        if self.kind == "segmenter" and str(self.commands.get("segment", _CORE_SEGMENT)).startswith(_CORE_SEGMENT):
            # every segmenter is scored by `workbench segment NAME --dataset ROOT` (the core's command) unless
            # it brings its own (named by a string, as every command: the core's module is imported when run);
            # made again for this name where it was another's (dataclasses.replace(p, name=...) carries p's)
            self.commands = {**self.commands, "segment": _CORE_SEGMENT + self.name}

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def declared_maps(self) -> tuple[str, ...] | None:
        """The maps the method publishes as declared: ``map_names``, () without the ``maps`` capability, None
        when it publishes maps it does not name."""
        if not self.has("maps"):
            return ()
        return self.map_names or None

    def _settings_metadata(self) -> list[dict]:
        """Each setting's field metadata (none without a dataclass config)."""
        if self.config is None or not dataclasses.is_dataclass(self.config):
            return []
        return [f.metadata or {} for f in dataclasses.fields(self.config)]

    @property
    def checks_ready(self) -> bool:
        """Whether ``why_not_ready`` can say anything: a ``ready`` check, or a setting that declares a path."""
        return self.ready is not None or any(m.get("path") in PATH_KINDS for m in self._settings_metadata())

    @property
    def checks_settings(self) -> bool:
        """Whether a setting declares its own rule (metadata ``check``: lw_irstnet's input size, 0 or 8 ... 2048),
        which ``make_config`` asks: the window's Run follows its form as for a path setting."""
        return any(m.get("check") is not None for m in self._settings_metadata())

    def why_not_ready(self, config=None, exists=None, ask=None) -> str | None:
        """Why the method cannot run with ``config`` (the defaults when None): a setting declared a path that
        names nothing on disk (``path_settings_problem``; ``exists``: how to tell, as there), else what its
        ``ready`` check says; None when it can or declares no check. A check that fails to load or raises says
        nothing here: the method's own creation reports what is wrong. ``ask``: how to call a check that does
        not take ``exists`` (``ask(check, config)``: the window's answers worked out off its GUI thread, None
        while not known); without it, and for a check given ``exists``, the check is called at once."""
        if not self.checks_ready:
            return None
        try:
            config = config if config is not None else self.default_config()
            why = path_settings_problem(config, exists)
            if why is None and self.ready is not None:
                check = resolve(self.ready)
                if exists is not None and _takes_exists(check):
                    why = check(config, exists=exists)
                else:
                    why = ask(check, config) if ask is not None else check(config)
        except Exception:  # noqa: BLE001 - a broken check must not block a run that may work
            return None
        return (str(why).strip() or None) if why else None

    def default_config(self):
        return self.config() if self.config is not None else None

    def make_config(self, values: dict | None = None):
        """A config instance from defaults overridden by ``values`` (strings are converted)."""
        if self.config is None:
            if values:
                raise PluginError(f"plugin {self.name!r} takes no settings, got {sorted(values)}")
            return None
        config_problem(self)
        values = dict(values or {})
        fields = {f.name: f for f in dataclasses.fields(self.config)}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            import difflib

            close = [c for u in unknown for c in difflib.get_close_matches(u, fields, 1)]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise PluginError(f"plugin {self.name!r} has no setting(s) {unknown}{hint}; "
                              f"`workbench list --settings {self.name}` lists them")
        conv = {}
        for k, v in values.items():
            conv[k] = _check(_convert(v, fields[k], self.name, self.config), fields[k], self.name)
        return self.config(**conv)

    def create(self, config=None, device: str = "auto"):
        from workbench.core.device import resolve_device

        cfg = config if config is not None else self.default_config()
        try:
            factory = resolve(self.factory)
        except Exception as exc:  # import errors of optional dependencies and the like
            raise PluginError(f"plugin {self.name!r} could not be loaded: {exc}") from exc
        from workbench.core.methods import call_method, check_method

        # an exception the factory raises (the method's __init__: a model it cannot build) is the plugin's bug, told
        # as one raised in track() is: the plugin, factory(), its file and line (a WorkbenchError passes as it is)
        method = call_method(_Factory(self.name, factory), self.kind, "factory", cfg,
                             resolve_device(device) if self.uses_torch else "cpu")
        check_method(method, self.kind, self.name)
        return method


class _Factory:
    """A plugin's factory as ``methods.call_method`` calls a method: ``name`` is the plugin's, ``fn`` the code whose
    package is the plugin's own (the function a ``functools.partial`` wraps)."""

    def __init__(self, name: str, factory: Callable):
        self.name, self.fn = name, getattr(factory, "func", factory)
        self.factory = factory


def config_problem(plugin: Plugin) -> None:
    """Refuse with a ``PluginError`` (at discovery, which then lists the plugin as failed with it) a ``config``
    that is not a dataclass type or has a field without a default: the settings form, ``--set`` and
    ``make_config`` need both."""
    cfg = plugin.config
    if cfg is None:
        return
    where = f"plugin {plugin.name!r}: config"
    if not isinstance(cfg, type):
        raise PluginError(f"{where} must be a dataclass type (the class itself), got a {type(cfg).__name__}; "
                         "pass config=MyConfig, not MyConfig()")
    if not dataclasses.is_dataclass(cfg):
        raise PluginError(f"{where} {cfg.__module__}.{cfg.__qualname__} is not a dataclass: decorate it with "
                         "@dataclasses.dataclass (docs/PLUGINS.md section 4)")
    bare = [f.name for f in dataclasses.fields(cfg) if f.init and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING]
    if bare:
        raise PluginError(f"{where} {cfg.__qualname__}: field(s) {', '.join(bare)} have no default; every setting "
                         "needs one (docs/PLUGINS.md section 4)")
    for f in dataclasses.fields(cfg):  # a default its own bounds or choices refuse: the form would show another
        if f.default is dataclasses.MISSING:  # value than --set and the runs use (a spin box clamps it)
            continue
        try:
            _check(f.default, f, plugin.name)
        except PluginError as exc:
            fix = ("declare `float | None = None` for a setting that may be left unset"
                   if _broken_rule(f.default, f)[0] == "finite" else "make the default keep the field's own min / "
                   "max / choices")
            raise PluginError(f"{where} {cfg.__qualname__}: default of {str(exc).split(': ', 1)[-1]}; {fix} "
                              "(docs/PLUGINS.md section 4)") from None


_SCALARS = {"bool": bool, "int": int, "float": float}


def optional_type(f: dataclasses.Field, owner: type | None = None) -> type | None:
    """The type (bool, int or float) a setting whose default is None declares (``float | None``,
    ``Optional[int]``, also written as a string under ``from __future__ import annotations``; ``owner``: the config
    dataclass, to resolve those), so that its text ("0.5") is converted as a number; None when it declares text,
    anything else, or nothing that can be read."""
    import re
    import types
    import typing

    hint = f.type
    if isinstance(hint, str) and owner is not None:
        try:
            hint = typing.get_type_hints(owner).get(f.name, hint)
        except Exception:  # noqa: BLE001 - a name only imported for type checkers: read the string below
            pass
    if isinstance(hint, str):
        text = re.sub(r"\s+|typing\.|['\"]", "", hint)
        m = re.fullmatch(r"Optional\[(\w+)\]|Union\[(\w+),None\]|Union\[None,(\w+)\]", text)
        names = [n for n in m.groups() if n] if m else [n for n in text.split("|") if n != "None"]
        return _SCALARS.get(names[0]) if len(names) == 1 else None
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else None
    return hint if hint in (bool, int, float) else None


def _convert(value, f: dataclasses.Field, plugin: str, owner: type | None = None):
    if not isinstance(value, str):
        return value
    if f.default is None and not value.strip():  # left empty, a setting whose default is None: None, as the
        return None                                # settings form gives it (not "", which the method may take as a path)
    default = f.default if f.default is not dataclasses.MISSING else None
    typ = type(default) if default is not None else (optional_type(f, owner) or str)
    if default is None and typ is not str:
        value = value.strip()
    if issubclass(typ, (tuple, list, dict, set, frozenset, bytes)):  # tuple("1,2") is ('1', ',', '2'): refused
        raise PluginError(f"plugin {plugin!r}: setting {f.name!r} is a {typ.__name__}, which cannot be given as text "
                          "(settings are bool, int, float or str: docs/PLUGINS.md section 4)")
    try:
        if typ is bool:
            if value.lower() in ("1", "true", "yes", "on"):
                return True
            if value.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        return typ(value)
    except ValueError:
        none = " (or nothing, for none)" if default is None else ""
        raise PluginError(f"plugin {plugin!r}: setting {f.name!r} expects {typ.__name__}{none}, got {value!r}") from None


def _broken_rule(value, f: dataclasses.Field) -> tuple[str, object] | None:
    """Which of the bounds and choices a setting declares (its metadata, which the window's form also obeys)
    ``value`` breaks: ``("check", problem)``, ``("choices", choices)``, ``("finite", (min, max))`` or
    ``("range", (min, max))``; None when it keeps them. The one check behind both wordings: a setting's
    (``_check``) and a command-line flag's (``_flag_problem``).

    ``check`` (metadata): the setting's own rule where ``min`` / ``max`` cannot say it (lw_irstnet's input size:
    0, or 8 ... 2048), a callable taking the value and returning what is wrong with it ("must be ...") or "" /
    None; asked first, so that its wording is the one said for every value it refuses."""
    meta = f.metadata or {}
    check = meta.get("check")
    if check is not None:
        problem = check(value)
        if problem:
            return "check", str(problem)
    choices = meta.get("choices")
    if choices and value not in choices:
        return "choices", choices
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        lo, hi = meta.get("min"), meta.get("max")
        if value != value or value in (float("inf"), float("-inf")):
            return "finite", (lo, hi)
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return "range", (lo, hi)
    return None


def setting_error(plugin: str, name: str, value, problem: str) -> PluginError:
    """A setting value that cannot be used, named as the user gave it (the settings form's field, ``--set
    NAME=``): ``plugin 'kcf': setting 'padding' must lie in 0.5..4.0; got 9.0``. For a plugin's own checks
    (an even filter size, a layer the network lacks) in the wording of the declared bounds' refusals."""
    return PluginError(f"plugin {plugin!r}: setting {name!r} {problem}; got {value!r}")


def _check(value, f: dataclasses.Field, plugin: str):
    """A value outside its setting's declared bounds or choices is refused here, not left to fail (or silently
    mislabel a run) inside a method."""
    broken = _broken_rule(value, f)
    if broken is None:
        return value
    rule, what = broken
    if rule == "check":
        problem = what
    elif rule == "choices":
        problem = f"must be one of {', '.join(map(str, what))}"
    elif rule == "finite":
        problem = "must be a finite number"
    else:
        lo, hi = what
        problem = "must lie in " + (f"{lo}..{hi}" if lo is not None and hi is not None
                                    else (f">= {lo}" if lo is not None else f"<= {hi}"))
    raise setting_error(plugin, f.name, value, problem)


def check_setting(config, name: str, value, plugin: str):
    """``value`` of the setting ``name`` of ``config`` (a config dataclass or an instance) against its declared
    bounds and choices, as ``--set`` and the window's form check it; returns the value. For a method that takes a
    config built without ``make_config`` / ``check_config``."""
    f = next((f for f in dataclasses.fields(config) if f.name == name), None)
    if f is None:
        raise ValueError(f"check_setting: {getattr(config, '__name__', type(config).__name__)} has no setting {name!r}")
    return _check(value, f, plugin)


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs as a dict of strings (``Plugin.make_config`` converts and checks them)."""
    from workbench.core.errors import WorkbenchError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise WorkbenchError(f"--set expects KEY=VALUE, got {pair!r}")
        key, value = key.strip(), value.strip()
        if key in out and out[key] != value:  # the last one was taken without a word: which was meant?
            raise WorkbenchError(f"--set {key}: given twice ({out[key]} and {value}); give it once")
        out[key] = value
    return out


def _flag_problem(value, f: dataclasses.Field) -> str:
    """What is wrong with a setting's value in ``core.options``' wording ("" when it is allowed)."""
    from workbench.core.options import Bound

    broken = _broken_rule(value, f)
    if broken is None:
        return ""
    rule, what = broken
    if rule == "check":
        return what
    if rule == "choices":
        return f"must be one of {', '.join(map(str, what))}"
    lo, hi = what
    return Bound(lo=lo, hi=hi).problem(value) if lo is not None or hi is not None else "must be a finite number"


def check_config(config, plugin: str, flags: dict[str, str] | None = None):
    """Every field of a config instance built directly (a command's own flags, not ``--set``) against its
    declared bounds and choices, as ``make_config`` checks ``--set`` values; returns the config.

    ``flags`` maps setting names to the command-line options they came from (``{"threshold": "--threshold",
    "scales": "--test-scales"}``): a bad value of such a setting is refused as the option the user typed, in
    ``core.options``' wording (``OptionError``: ``--threshold 2: must be between 0 and 1``); the settings not
    named there (and ``--set`` / the window's form, through ``make_config``) keep naming the setting."""
    from workbench.core.options import OptionError

    flags = flags or {}
    unknown = sorted(set(flags) - {f.name for f in dataclasses.fields(config)})
    if unknown:  # a typo in a command's map would quietly fall back to the setting's name
        raise ValueError(f"check_config: {type(config).__name__} has no setting(s) {unknown}")
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if f.name in flags:
            problem = _flag_problem(value, f)
            if problem:
                raise OptionError(flags[f.name], value, problem)
        else:
            _check(value, f, plugin)
    return config


@dataclass
class FailedPlugin:
    name: str
    error: str
    detail: str = ""
    label: str = ""  # a short name for narrow places (the plugin's name alone, where ``name`` adds its entry point)

    @property
    def short(self) -> str:
        return self.label or self.name


def _origin(ep) -> str:
    """Where an entry point comes from, for messages: ``entry point NAME = VALUE of DIST VERSION``."""
    dist = getattr(ep, "dist", None)
    of = f" of {dist.name} {dist.version}" if dist is not None and getattr(dist, "name", None) else ""
    return f"entry point {ep.name} = {ep.value}{of}"


def _own(ep) -> bool:
    """Whether the entry point is one of the workbench's own distributions' (``OWN_DISTRIBUTIONS``)."""
    import re

    name = getattr(getattr(ep, "dist", None), "name", None) or ""
    return re.sub(r"[-_.]+", "-", name).lower() in OWN_DISTRIBUTIONS


def _raised_at(exc: BaseException) -> str:
    """file:line of the deepest frame of ``exc``'s traceback outside the import machinery and this module: the
    plugin's line that raised (or imported a missing package) while its entry point was loaded; "" when none."""
    import importlib.metadata as md

    skip = (__file__, md.__file__)
    at = ""
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.startswith("<") and name not in skip:
            at = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return at


class Registry:
    def __init__(self):
        self.plugins: dict[str, Plugin] = {}
        self.failed: dict[str, FailedPlugin] = {}

    def add(self, plugin: Plugin) -> None:
        self.plugins[plugin.name] = plugin

    def load_entry_points(self) -> "Registry":
        origins: dict[str, str] = {}  # plugin name -> the entry point that brought it
        own_failed: dict[str, str] = {}  # a method name of an own entry point that failed -> that failure
        # the workbench's own first (a stable sort: the others in discovery order), so that a third-party plugin
        # named like one of them (kcf) is the one refused, not ours, whichever comes first on sys.path
        # (whether an entry point is our own: asked once of each)
        for ep, own in sorted(((ep, _own(ep)) for ep in entry_points(group=GROUP)), key=lambda pair: not pair[1]):
            origin = _origin(ep)
            try:
                obj = ep.load()
                plugins = obj if isinstance(obj, (list, tuple)) else [obj]
                for p in plugins:
                    if not isinstance(p, Plugin):
                        raise PluginError(f"entry point {ep.value} is a {type(p).__name__}, not a Plugin")
                    if not p.version and getattr(ep, "dist", None) is not None:
                        p.version = ep.dist.version or ""
                    if p.name in own_failed and not own:  # not in place of the workbench's own, unnoticed
                        key = f"{p.name} ({origin})"
                        self.failed[key] = FailedPlugin(key, f"PluginError: plugin name {p.name!r} is the workbench's "
                                                        f"own, whose {own_failed[p.name]}; this one is not used in its "
                                                        "place: repair that install or rename this one", label=p.name)
                        continue
                    if p.name in self.plugins or p.name in origins:  # the first keeps it, never silently replaced
                        key = f"{p.name} ({origin})"
                        self.failed[key] = FailedPlugin(key, f"PluginError: plugin name {p.name!r} is taken by "
                                                        f"{origins.get(p.name, 'the workbench')}; rename this one",
                                                        label=p.name)
                        continue
                    try:  # one plugin of a list with a broken config fails alone; its siblings load
                        config_problem(p)
                    except PluginError as exc:
                        key = p.name if p.name not in self.failed else f"{p.name} ({origin})"  # (a second of it)
                        self.failed[key] = FailedPlugin(key, f"{type(exc).__name__}: {exc} ({origin})", label=p.name)
                        if own:  # a name of the workbench's own is not taken by another in its place
                            own_failed[p.name] = f"{origin} failed its checks ({exc})"
                        continue
                    # the name is taken once its checks pass: a later plugin of the name is not refused as
                    # "taken" by one that failed to load
                    origins[p.name] = origin + (" (the workbench's own)" if own else "")
                    self.add(p)
            except Exception as exc:
                at = _raised_at(exc)
                self.failed[ep.name] = FailedPlugin(ep.name, f"{type(exc).__name__}: {exc} ({origin}"
                                                    + (f", at {at})" if at else ")"), traceback.format_exc())
                if own:
                    for name in OWN_METHODS.get(ep.name, (ep.name,)):
                        own_failed[name] = f"{origin} failed to load ({type(exc).__name__}: {exc})"
        return self

    def get(self, name: str) -> Plugin:
        if name in self.plugins:
            return self.plugins[name]
        failed = self.failed.get(name) or next((f for f in self.failed.values() if f.short == name), None)
        if failed is not None:  # also one listed under its entry point ("kcf (entry point ...)")
            raise PluginError(f"plugin {name!r} failed to load: {failed.error}")
        raise PluginError(f"no plugin named {name!r}; available: {', '.join(sorted(self.plugins)) or 'none'}")

    def commands(self) -> dict[str, list[str]]:
        """Every CLI verb the loaded plugins offer -> the plugins offering it."""
        out: dict[str, list[str]] = {}
        for p in sorted(self.plugins.values(), key=lambda p: p.name):
            for verb in p.commands:
                out.setdefault(verb, []).append(p.name)
        return out

    def benchmarks(self) -> dict[str, str]:
        """Benchmark name -> module, as the loaded plugins contribute them."""
        return {name: mod for p in self.plugins.values() for name, mod in p.benchmarks.items()}

    def by_kind(self, kind: str) -> list[Plugin]:
        return sorted((p for p in self.plugins.values() if p.kind == kind), key=lambda p: p.name)


_DEFAULT: Registry | None = None


def default_registry(reload: bool = False) -> Registry:
    global _DEFAULT
    if _DEFAULT is None or reload:
        _DEFAULT = Registry().load_entry_points()
    return _DEFAULT
