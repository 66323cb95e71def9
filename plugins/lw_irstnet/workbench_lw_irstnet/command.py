"""``workbench train lw_irstnet ...``: one training run (``train.py``), or with ``--cv K`` / ``--final``
the recipe selection by k-fold cross-validation and the final training on all images (``cv.py``).

The dispatch lives here so that ``train.py`` and ``cv.py`` do not import each other: ``cv.py`` builds on
the training run, and the training run knows nothing of folds.
"""
from __future__ import annotations


def main(argv: list[str]) -> int:
    from workbench_lw_irstnet import train

    args = train.parser().parse_args(argv)
    train.check_args(args)
    if args.cv or args.final:
        from workbench_lw_irstnet.cv import main_cv

        return main_cv(args, argv)
    return train.main(argv)
