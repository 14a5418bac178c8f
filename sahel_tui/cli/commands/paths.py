"""`sahel-brief paths`: the folders in use."""

from __future__ import annotations

import argparse

from sahel_tui.cli.context import Context, print_json


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("paths", parents=[parent], help="print the config, data and cache folders in use")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(ctx: Context) -> int:
    from sahel_tui.infrastructure.paths import all_paths

    found = all_paths()
    found["corpus"] = str(ctx.corpus_root)
    if ctx.args.json:
        print_json(found)
    else:
        width = max(map(len, found))
        for name, value in found.items():
            print(f"{name:<{width}}  {value}")
    return 0
