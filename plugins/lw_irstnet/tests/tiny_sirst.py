"""A tiny generated SIRST-style set for the command-line tests (imported by them: the tests folder is on the path)."""
import numpy as np


def tiny_sirst(root, n=4, size=16):
    """``n`` images of ``size`` x ``size`` under ``root/images`` with a 3 x 3 target each and its mask under
    ``root/masks``; returns ``root``."""
    from workbench.core.data.images import write_image

    for i in range(n):
        x = np.full((size, size), 30 + 10 * i, np.uint8)
        m = np.zeros((size, size), np.uint8)
        x[5:8, 5:8], m[5:8, 5:8] = 200, 255
        write_image(root / "images" / f"img{i}.png", x)
        write_image(root / "masks" / f"img{i}.png", m)
    return root
