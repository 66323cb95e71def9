"""run --save-maps NAME for a map the tracker never draws was a warning after the whole run; where the tracker's
plugin declares its maps (no ``maps`` capability: none; ``map_names``: those) it is refused before any work."""
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.registry import Plugin, default_registry


@pytest.fixture(scope="module")
def seq(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("j3maps"), frames=3, width=48, height=40, seed=1, name="s")


@pytest.mark.parametrize("trackers, maps, said", [
    ("mil", "response", "mil publishes no 'response' map; it draws no maps"),
    ("kcf,mil", "response", "or run it apart from the others"),
    ("mil", None, "mil draws no maps"),
])
def test_a_map_the_tracker_never_draws_is_refused_before_the_run(seq, tmp_path, capsys, trackers, maps, said):
    out = tmp_path / "r"
    argv = ["run", "--tracker", trackers, "--sequence", str(seq), "--out", str(out), "--save-maps"]
    assert main(argv + ([maps] if maps else [])) == 2
    assert said in capsys.readouterr().err
    assert not out.exists()  # refused before any work


def test_declared_map_names_are_checked_and_undeclared_ones_wait_for_the_run():
    from workbench.cli import _check_save_maps
    from workbench.core.errors import WorkbenchError

    named = Plugin(name="t", kind="tracker", factory=lambda c, d: None, capabilities=("maps",),
                   map_names=("response", "response_hsi"))
    _check_save_maps(("response_hsi",), [named])
    with pytest.raises(WorkbenchError, match="its maps are response, response_hsi"):
        _check_save_maps(("fused",), [named])
    unnamed = Plugin(name="u", kind="tracker", factory=lambda c, d: None, capabilities=("maps",))
    _check_save_maps(("anything",), [unnamed])  # maps, not named: said after the run
    with pytest.raises(WorkbenchError, match="kcf publishes no 'anything' map; its maps are response"):
        _check_save_maps(("anything",), [default_registry().get("kcf")])  # kcf names its maps
