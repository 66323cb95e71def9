"""The README names what the window and the trackers really have: menu paths (the export actions live in
File › Export, the map chooser is the Layers dock's Map list, not a menu) and the maps `--map` can name."""
from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_menu_paths_exist():
    from workbench.gui.controllers import export

    src = Path(export.__file__).read_text(encoding="utf-8")
    for text in ("Report (HTML + LaTeX)…", "Video of this sequence…"):
        assert f'"{text}"' in src  # the action's text
        assert f"File › Export › {text}" in README
    # every "Export › X" is under File (there is no Export menu), and there is no Layers menu
    assert all(README[m.start() - 7:m.start()] == "File › " for m in re.finditer("Export › ", README))
    assert "Layers ›" not in README


def test_readme_map_names_are_published_by_some_tracker():
    from workbench_hanet.tracker import MAP_NAMES

    published = {"response", *MAP_NAMES}  # KCF, SiamFC++, PS-SiamFC++, NAS-TIR publish "response"
    named = set(re.findall(r"--map (\w+)", README)) | set(re.findall(r"`(response\w*)`", README))
    assert named and named <= published, named - published
    assert "response_fused" in named  # an HA-Net example


def test_inspector_docstring_names_hanet_maps():
    from workbench.gui.inspector import ResponseMapInspector
    from workbench_hanet.tracker import MAP_NAMES

    doc = ResponseMapInspector.__doc__
    quoted = set(re.findall(r'"(response\w*)"', doc))
    assert quoted and quoted <= set(MAP_NAMES), quoted


def test_readme_and_plugins_md_name_every_verb():
    """The verbs the README's command table and docs/PLUGINS.md list are the CLI's: the plugins' verbs
    (`import` was missing) and the core's own (`report`, `export-video`, `corpus` were missing)."""
    from workbench.cli import SUBCOMMANDS, plugin_commands

    plugins_md = (Path(__file__).resolve().parents[1] / "docs" / "PLUGINS.md").read_text(encoding="utf-8")
    verbs = set(plugin_commands()) - set(SUBCOMMANDS)
    row = next(line for line in README.splitlines() if line.startswith("| `workbench VERB NAME ...`"))
    assert set(re.findall(r"`(\w+)`", row.split("contribute:")[1].split("(")[0])) == verbs
    today = re.search(r"today's: ([^)]*)\)", plugins_md.replace("\n", " ")).group(1)
    assert set(re.findall(r"`(\w+)`", today)) == verbs
    core = re.search(r"`workbench ([a-z/ -]+)` are\s+the core's own verbs", plugins_md).group(1)
    assert {v.strip() for v in core.split("/")} == set(SUBCOMMANDS)
    for verb in SUBCOMMANDS:  # each core verb has a row in the README's command table
        assert f"| `workbench {verb}" in README, verb
