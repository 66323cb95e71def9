"""Entry script of the desktop bundle: the same ``workbench`` command as the pip install.

``freeze_support`` lets multiprocessing children (a loopback Dask cluster, DataLoader workers)
start from the frozen executable instead of re-running the application.
"""
import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from workbench.cli import main

    sys.exit(main())
