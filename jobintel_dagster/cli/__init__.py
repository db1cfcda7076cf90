"""``jobintel``: the command line over the code location, one module per command.

``main`` parses the arguments (``parser``) and only then imports the chosen command's module, so
``jobintel mark`` and ``jobintel state`` never load dagster, torch or faiss. What a command's failure
exits with is decided in ``exit_codes``, for every command at once.
"""

import importlib
import sys

from jobintel_dagster.cli.exit_codes import exit_code_for
from jobintel_dagster.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # a bad argument: usage on stderr, exit 2 (argparse's own)
    command = importlib.import_module(f"jobintel_dagster.cli.{args.command}")
    try:
        return int(command.run(args))
    except (Exception, KeyboardInterrupt) as exc:
        code = exit_code_for(exc)
        if code is None:
            raise
        if str(exc):
            print(exc, file=sys.stderr)
        return int(code)


if __name__ == "__main__":
    sys.exit(main())
