"""The pruning inspector shows the weights the siamfcpp settings name: it always loaded the shipped SiamFC++ and
its stored ranks, so an analyst who trained their own never saw their model's rank histograms. Their file is
read and ranked over the shipped rank images on a worker (progress, Cancel), the ranks remembered per file; a
damaged or wrong-model file is said in the dock."""
from __future__ import annotations

import os

import pytest

torch = pytest.importorskip("torch")


@pytest.fixture
def own_weights(tmp_path_factory):
    """"The analyst's weights": a randomly initialised SiamFC++ saved as a plain state_dict."""
    from workbench_siamfcpp_prune.model import SiamFCpp

    torch.manual_seed(7)
    path = tmp_path_factory.mktemp("own") / "mine.pt"
    torch.save(SiamFCpp().state_dict(), path)
    return path


class _Methods:
    """The Methods dock's settings forms, without the window (the forms are the real ones)."""

    def __init__(self):
        self.forms = {}

    def form(self, name):
        from workbench.gui.config_form import ConfigForm
        from workbench_siamfcpp_prune import PSSiamFCppConfig, SiamFCppConfig

        if name not in self.forms:
            self.forms[name] = ConfigForm({"siamfcpp": SiamFCppConfig, "ps_siamfcpp": PSSiamFCppConfig}[name])
        return self.forms[name]


class _Host:
    sequence = None
    frame_index = 0

    def __init__(self):
        self.methods = _Methods()


@pytest.fixture
def host():
    return _Host()


def _quick_ranks(computed, endless=False):
    """Stands in for the ranks over the shipped rank images (their SVDs take seconds even for one small pair):
    one rank per filter, with the progress the real pass reports; ``endless``: until Cancel."""
    import time

    import numpy as np

    from workbench_siamfcpp_prune import hrank

    def ranks(model, g, x_size, seed=0, ctx=None):
        computed.append((g, x_size))
        while endless:
            ctx.progress(0.1, "ranks: batch 1/8")
            ctx.check()
            time.sleep(0.005)
        rng = np.random.default_rng(len(computed))
        layers = hrank.rank_layers(model)
        out = {}
        for i, name in enumerate(layers):
            ctx.check()
            out[name] = rng.random(model.get_submodule(name).conv.out_channels) * 10
            ctx.progress((i + 1) / len(layers), f"ranks: layer {i + 1}")
        return out, {"g": g, "x_size": x_size, "seed": seed, "source": hrank.RANK_IMAGES}

    return ranks


def test_users_weights_ranked_on_a_worker_cancelled_and_remembered(window, registry, qtbot, own_weights,
                                                                    monkeypatch, tmp_path):
    from workbench_siamfcpp_prune import hrank

    computed = []
    # a cache of its own: the seed-7 file's bytes (its sha256) are the same every run, so a cache kept from an earlier
    # run (WORKBENCH_CACHE exported) would already remember its ranks and nothing would be computed
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(hrank, "ranks_on_rank_images", _quick_ranks(computed, endless=True), raising=False)
    form = window.methods.form("siamfcpp")
    form.editor("weights").setText(str(own_weights))
    dock = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    dock.x_size = 199  # a short FLOPs pass for the table
    # on the worker, with progress and Cancel
    qtbot.waitUntil(lambda: dock.running and dock.progress.value() > 0, timeout=5000)
    assert dock.cancel_button.isEnabled() and "mine.pt" in dock.info.text(), dock.info.text()
    dock.cancel_button.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=5000)
    assert dock.model is None and "cancelled" in dock.info.text() and "mine.pt" in dock.info.text(), dock.info.text()
    assert dock.load_button.isVisibleTo(dock) and not dock.export_button.isEnabled()
    monkeypatch.setattr(hrank, "ranks_on_rank_images", _quick_ranks(computed), raising=False)
    dock.load_button.click()  # Compute ranks
    qtbot.waitUntil(lambda: dock.model is not None and not dock.running and not dock._pending_plots, timeout=10000)
    assert computed == [(32, 303)] * 2 and dock.progress.value() == 1000  # as the shipped ranks were computed
    assert dock.weights_label == str(own_weights) and not dock.load_button.isVisibleTo(dock)
    assert "mine.pt (the siamfcpp weights setting), ranks over g = 32 pairs of the shipped rank images" in \
        dock.info.text(), dock.info.text()
    assert hrank.ranks_fit(dock.model, dock.ranks)
    saved = torch.load(own_weights, weights_only=True)["backbone.conv1.conv.weight"]
    assert torch.equal(dock.model.backbone.conv1.conv.weight, saved)  # the analyst's model, not the shipped one
    if os.environ.get("WORKBENCH_TEST_SHOTS"):
        dock.grab().save(os.path.join(os.environ["WORKBENCH_TEST_SHOTS"], "l9_user_weights.png"))
    # a second look at the same file: no ranks computed again, shown at once
    form.editor("weights").setText(str(tmp_path / "elsewhere.pt"))
    qtbot.waitUntil(lambda: dock.model is None and "no file at" in dock.info.text(), timeout=3000)
    form.editor("weights").setText(str(own_weights))
    qtbot.waitUntil(lambda: dock.weights_label == str(own_weights), timeout=3000)
    assert dock.model is not None and len(computed) == 2 and not dock.running
    assert "remembered for this file" in dock.info.text(), dock.info.text()
    assert dock._export_words() == f"{own_weights}, ranks over g = 32 pairs of the shipped rank images"
    # a later look that finds the ranks remembered ends its progress (it stayed at "reading mine.pt 0%")
    from workbench.core.jobs import JobContext
    from workbench_siamfcpp_prune.inspector import _load_user

    from workbench_siamfcpp_prune import checkpoint

    monkeypatch.setattr(checkpoint, "load_model", lambda path: (dock.model, {}))  # read above already
    said = []
    _load_user(str(own_weights), 0.4, "backbone+neck", 16, 199, 32, 303, ctx=JobContext(lambda f, m: said.append(f)))
    assert len(computed) == 2 and said[-1] == 1.0, said
    # and in a later session, from the cache folder
    sha = dock._weights_sha
    hrank._REMEMBERED.clear()
    got = hrank.remembered_ranks(sha, dock.model)
    assert got is not None and all((got[0][k] == dock.ranks[k]).all() for k in dock.ranks)


def test_a_bad_weights_file_is_said_in_the_dock(host, qtbot, tmp_path):
    from workbench_siamfcpp_prune.inspector import PruningInspector

    damaged, other, missing = tmp_path / "damaged.pt", tmp_path / "other.pt", tmp_path / "missing.pt"
    damaged.write_bytes(b"PK\x03\x04 not really a torch file")
    torch.save({"fc.weight": torch.zeros(2, 2)}, other)
    form = host.methods.form("siamfcpp")
    form.editor("weights").setText(str(damaged))
    dock = PruningInspector(host)
    qtbot.addWidget(dock)
    dock.show()
    for path, said in ((damaged, "damaged.pt"), (other, "do not fit SiamFCpp"), (missing, f"no file at {missing}")):
        if path is not damaged:
            form.editor("weights").setText(str(path))
        qtbot.waitUntil(lambda: path.name in dock._load_failed + dock.info.text() and dock._load_failed != ""
                        and not dock.running, timeout=5000)
        text = dock.info.text()
        assert dock.model is None and said in text and "Traceback" not in text, text
        assert ("Set the siamfcpp weights setting to a SiamFC++ weights file" in text if path is not missing
                else "set it to a SiamFC++ weights file, or clear it for the shipped weights" in text), text
        assert not dock.export_button.isEnabled() and path.name in dock.export_button.toolTip()
