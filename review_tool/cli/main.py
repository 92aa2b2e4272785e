"""Command line: ``review-tool check | import | approve | stats | suggest | review | export``.

``review-tool init [DIR]`` makes a folder a workspace; ``review-tool waive`` accepts a finding.

Results go to stdout, diagnostics to stderr. Exit status: 0 fine, 1 findings at or above
``--fail-on``, 2 bad usage or bad input (one line naming the file and line; nothing written).

This module only builds the parser from the command modules' ``register`` functions and
dispatches; what commands share lives in ``cli_common``, so no command imports this module.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from review_tool import __version__
from review_tool.cli import check as cli_check
from review_tool.cli import export as cli_export
from review_tool.cli import init as cli_init
from review_tool.cli import merge as cli_merge
from review_tool.cli import po as cli_po
from review_tool.cli import review as cli_review
from review_tool.cli import suggest as cli_suggest
from review_tool.cli import waive as cli_waive
from review_tool.cli.common import add_common_options
from review_tool.errors import InputError, UsageError, printable
from review_tool.signals import Terminated, sigterm_as_interrupt


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="review-tool", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"review-tool {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands = (cli_check, cli_po, cli_review, cli_suggest, cli_export, cli_merge, cli_init)
    for command in (*commands, cli_waive):
        command.register(sub, add_common_options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        with sigterm_as_interrupt():
            parser = build_parser()
            args = parser.parse_args(argv)
            return int(args.func(args))
    except UsageError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    except Terminated:
        print("terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
