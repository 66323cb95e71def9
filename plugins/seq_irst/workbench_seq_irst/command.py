"""``workbench train seq_irst ...``: one training run (``train.py``), or with ``--loso`` the
leave-one-recording-group-out selection and the shipped weights' training on every group (``loso.py``).

The dispatch lives here so that ``train.py`` and ``loso.py`` do not import each other: ``loso.py``
builds on the training run, and the training run knows nothing of folds.
"""
from __future__ import annotations


def main(argv: list[str]) -> int:
    if "--loso" in argv:
        from workbench_seq_irst.loso import main as loso_main

        return loso_main([a for a in argv if a != "--loso"])
    from workbench_seq_irst.train import main as train_main

    return train_main(argv)
