"""dataclasses.replace(plugin, name=...) on a segmenter kept the old name's core segment command."""
from __future__ import annotations

import dataclasses

from workbench.core.registry import Plugin


def test_a_renamed_segmenter_gets_the_core_command_of_its_new_name():
    p = Plugin(name="acme", kind="segmenter", factory="x:y")
    q = dataclasses.replace(p, name="acme2")
    assert q.commands["segment"] == "workbench.core.segment_command:FOR_PLUGIN.acme2"
    own = Plugin(name="b", kind="segmenter", factory="x:y", commands={"segment": "mine:main"})
    assert dataclasses.replace(own, name="c").commands["segment"] == "mine:main"  # its own command is kept
