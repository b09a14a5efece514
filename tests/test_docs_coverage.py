"""Every CLI command, option and setting is documented."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import click
import pytest

from detente.cli import main
from detente.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        found.append((path, command))
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    walk(sub, f"{path} {name}")

    walk(main, "detente")
    return found


def docs_text() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))
    )


@pytest.mark.parametrize(
    ("path", "command"), all_commands(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_docs_every_command_and_option_documented(path: str, command: click.Command) -> None:
    text = docs_text()
    assert f"`{path}`" in text or f"{path} " in text, f"{path} is not documented"
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert opt in text, f"{path} {opt} is not documented"


@pytest.mark.parametrize(
    ("path", "command"), all_commands(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_docs_every_command_has_example(path: str, command: click.Command) -> None:
    assert command.help and "Example" in command.help, f"{path} --help has no example"


@pytest.mark.parametrize("name", [f.name for f in fields(Settings)])
def test_docs_every_setting_documented(name: str) -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert re.search(rf"`{name}`.*`DETENTE_{name.upper()}`", text), name


def test_docs_cli_reference_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_cli_docs.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    import difflib

    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    fresh = gen.reference()
    if fresh not in current:
        stale = current[current.index(gen.BEGIN) : current.index(gen.END) + len(gen.END)]
        diff = "".join(list(difflib.unified_diff(stale.splitlines(True), fresh.splitlines(True)))[:30])
        pytest.fail("docs/cli.md is stale: run .venv/bin/python tools/gen_cli_docs.py\n" + diff)
