"""Regenerate the command reference in docs/cli.md from the CLI's own help.

Usage: .venv/bin/python tools/gen_cli_docs.py
"""

from __future__ import annotations

from pathlib import Path

import click

from detente.cli import main

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
BEGIN = "<!-- BEGIN GENERATED REFERENCE -->"
END = "<!-- END GENERATED REFERENCE -->"


def walk(command: click.Command, path: list[str]) -> list[tuple[str, str]]:
    """(command path, help text) for a command and all its subcommands."""
    ctx = click.Context(
        command,
        info_name=" ".join(path),
        terminal_width=100,
        max_content_width=100,
        help_option_names=["-h", "--help"],
    )
    items = [(" ".join(path), command.get_help(ctx))]
    if isinstance(command, click.Group):
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                items.extend(walk(sub, [*path, name]))
    return items


def reference() -> str:
    """The generated reference section."""
    parts = [BEGIN, ""]
    for name, text in walk(main, ["detente"]):
        parts += [f"### `{name}`", "", "```text", text.rstrip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def main_() -> None:
    """Rewrite the generated part of docs/cli.md."""
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    DOC.write_text(head + reference() + tail, encoding="utf-8")


if __name__ == "__main__":
    main_()
