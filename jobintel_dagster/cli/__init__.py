"""``jobintel``: the command line over the code location, one module per command.

``main`` parses the arguments (``parser``) and only then imports the chosen command's module, so
``jobintel mark`` and ``jobintel state`` never load dagster, torch or faiss.
"""

import importlib
import sys

from jobintel_dagster.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = importlib.import_module(f"jobintel_dagster.cli.{args.command}")
    return command.run(args)


if __name__ == "__main__":
    sys.exit(main())
