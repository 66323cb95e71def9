"""Every tracker with the ``maps`` capability declares its map names (``Plugin.map_names``), so `run --save-maps`
refuses a misspelt name before the run; what KCF publishes is what it declares."""
from workbench.core.data.synthetic import demo_sequence
from workbench.core.registry import default_registry


def test_map_capable_trackers_declare_their_maps_and_kcf_publishes_them():
    reg = default_registry()
    trackers = [p for p in reg.by_kind("tracker") if p.has("maps")]
    assert trackers and all(p.map_names for p in trackers), [p.name for p in trackers if not p.map_names]
    seq = demo_sequence(frames=3, width=96, height=80)
    t = reg.get("kcf").create(device="cpu")
    t.initialize(seq.frame(0), seq.gt_box(0))
    assert set(t.track(seq.frame(1)).maps) == set(reg.get("kcf").map_names)
