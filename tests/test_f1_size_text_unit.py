"""``size_text`` rounded within a unit, so just under the next unit said "1024.0 KiB"; it moves up a unit when
the rounded value reaches 1024."""
from workbench.core.sizes import size_text


def test_just_under_the_next_unit_says_the_next_unit():
    assert size_text(1048575) == "1.0 MiB"
    assert size_text(1024 ** 3 - 1) == "1.0 GiB"
    assert size_text(1023 * 1024 + 972) == "1023.9 KiB"  # rounds below 1024: stays
    assert size_text(1023) == "1023 bytes"
    assert size_text(1024 ** 4) == "1024.0 GiB"
