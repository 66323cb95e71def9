"""lw_irstnet's input size 1 ... 7 (every image squeezed to a few pixels: no target left, the scores quietly 0) was
refused by `workbench segment lw_irstnet --input-size` only: the setting's declared 0 ... 2048 took 3 through
``make_config`` (``--set``), the window's Methods form (a step-8 spin box takes a typed 3) and the LW panel. The rule
is the setting's own (``config.input_size_problem``, the field's ``check``): every path refuses it in one wording,
the command's ``check_config`` as the option typed."""
from __future__ import annotations

import pytest

from workbench.core.errors import PluginError
from workbench.core.options import OptionError

RULE = "must be 0 (the native size) or 8 ... 2048 px (the network halves the size three times)"


@pytest.mark.parametrize("size", [1, 3, "7", -8, 5000])
def test_make_config_refuses_a_size_the_network_cannot_use(size):
    from workbench.core.registry import default_registry

    with pytest.raises(PluginError) as e:
        default_registry().plugins["lw_irstnet"].make_config({"input_size": size})
    assert str(e.value) == f"plugin 'lw_irstnet': setting 'input_size' {RULE}; got {int(size)}"


@pytest.mark.parametrize("size", [0, 8, "16", 2048])
def test_sizes_it_can_use_are_taken(size):
    from workbench.core.registry import default_registry

    assert default_registry().plugins["lw_irstnet"].make_config({"input_size": size}).input_size == int(size)


def test_a_command_asks_the_same_rule_as_its_option():
    from workbench.core.registry import check_config
    from workbench_lw_irstnet.config import LWIRSTNetConfig

    with pytest.raises(OptionError) as e:
        check_config(LWIRSTNetConfig(input_size=3), "lw_irstnet", flags={"input_size": "--input-size"})
    assert str(e.value) == f"--input-size 3: {RULE}"
    with pytest.raises(PluginError):  # a command that names no flag for it: the setting's name
        check_config(LWIRSTNetConfig(input_size=3), "lw_irstnet")
    assert check_config(LWIRSTNetConfig(input_size=64), "lw_irstnet").input_size == 64


def test_the_settings_form_with_a_typed_3_is_refused(qtbot):
    from workbench.core.registry import default_registry
    from workbench.gui.config_form import ConfigForm

    plugin = default_registry().plugins["lw_irstnet"]
    form = ConfigForm(plugin.config)
    qtbot.addWidget(form)
    form.editor("input_size").setValue(3)  # the spin box's own bounds (0 ... 2048) take it
    assert form.values()["input_size"] == 3
    with pytest.raises(PluginError) as e:
        plugin.make_config(form.values())  # what MethodsDock.config_of and the LW panel read the form with
    assert RULE in str(e.value)
