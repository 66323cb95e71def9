"""The siamfcpp / ps_siamfcpp panel says which weights the settings run the tracker with: it said "shipped
weights: ..." whatever the weights setting named (an analyst's own file, a path with nothing at it), and for
ps_siamfcpp at another ratio (the shipped SiamFC++ pruned when the run starts, without the finetune)."""


def test_panel_names_the_weights_the_settings_run_with(window, tmp_path):
    from workbench_siamfcpp_prune.panel import PruningPanel

    assert window.methods.select("ps_siamfcpp")
    panel = window.methods.panel("ps_siamfcpp")
    assert isinstance(panel, PruningPanel)
    assert "shipped weights: ps_siamfcpp_r0.4_q8.pt" in panel.label.text(), panel.label.text()
    form = window.methods.form("ps_siamfcpp")
    form.editor("ratio").setValue(0.6)
    text = panel.label.text()
    assert "pruned at rho 0.60" in text and "without the finetune" in text and "shipped weights:" not in text, text
    form.editor("ratio").setValue(0.4)
    assert "shipped weights: ps_siamfcpp_r0.4_q8.pt" in panel.label.text(), panel.label.text()
    missing = tmp_path / "mine" / "best.pt"
    form.editor("weights").setText(str(missing))
    assert f"no file at {missing}" in panel.label.text() and "shipped weights:" not in panel.label.text(), panel.label.text()
    own = tmp_path / "finetuned.pt"
    own.write_bytes(b"\0")
    form.editor("weights").setText(str(own))
    assert "weights from the settings: finetuned.pt" in panel.label.text(), panel.label.text()
    # the unpruned tracker's panel follows its own settings
    assert window.methods.select("siamfcpp")
    base = window.methods.panel("siamfcpp")
    assert "shipped weights: siamfcpp_alexnet_q8.pt" in base.label.text(), base.label.text()
    window.methods.form("siamfcpp").editor("weights").setText("random")
    assert "random weights" in base.label.text(), base.label.text()
