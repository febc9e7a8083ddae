"""Entry point of the frozen app (PyInstaller): the `nnviz` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # The trainer runs in a spawned process; a frozen executable must answer that call.
    multiprocessing.freeze_support()
    from nnviz.cli import main

    sys.exit(main())
