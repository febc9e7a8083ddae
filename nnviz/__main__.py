"""`python -m nnviz` is the `nnviz` command."""

from .cli import main

raise SystemExit(main())
