"""The `nnviz` command: the app, and `train`, `predict`, `gradcheck`, `fetch-mnist`."""

from nnviz.cli.commands import CliError, build_parser, main

__all__ = ["CliError", "build_parser", "main"]
