"""registry: one check of a setting's declared bounds and choices behind both wordings (``--set`` / the form's,
and a command's own flag's), and public for a method that takes a config built directly (nas_tir's hog_weight
re-implemented the bounds with its own message)."""
import dataclasses
import math

import pytest

from workbench.core.errors import PluginError
from workbench.core.registry import _check, _flag_problem, check_setting, setting_error


@dataclasses.dataclass
class Cfg:
    ratio: float = dataclasses.field(default=0.5, metadata={"min": 0.0, "max": 1.0})
    size: int = dataclasses.field(default=8, metadata={"min": 1})
    free: float = 1.0
    mode: str = dataclasses.field(default="a", metadata={"choices": ("a", "b")})


@pytest.mark.parametrize("name,value", [("ratio", 0.0), ("ratio", 1.0), ("ratio", 1.5), ("ratio", -0.1),
                                        ("ratio", math.nan), ("size", 0), ("size", 10 ** 6), ("free", math.inf),
                                        ("free", -3.0), ("mode", "c"), ("mode", "b")])
def test_both_wordings_refuse_the_same_values(name, value):
    f = next(f for f in dataclasses.fields(Cfg) if f.name == name)
    said = _flag_problem(value, f)
    try:
        _check(value, f, "p")
        refused = ""
    except PluginError as exc:
        refused = str(exc)
    assert bool(said) == bool(refused)
    if refused:
        assert refused.startswith(f"plugin 'p': setting {name!r} must ") and refused.endswith(f"; got {value!r}")


def test_check_setting_and_setting_error_for_a_plugin_s_own_checks():
    assert check_setting(Cfg, "ratio", 0.25, "p") == 0.25
    with pytest.raises(PluginError, match=r"^plugin 'p': setting 'ratio' must lie in 0.0..1.0; got 2.0$"):
        check_setting(Cfg(), "ratio", 2.0, "p")
    with pytest.raises(ValueError, match="no setting 'ratoi'"):  # a typo in the plugin is a bug, said at once
        check_setting(Cfg, "ratoi", 2.0, "p")
    assert str(setting_error("p", "size", 4, "must be odd")) == "plugin 'p': setting 'size' must be odd; got 4"
