"""CLI commands of each stage, registered on ``detente.cli.main``.

Every module here exposes ``COMMANDS``: a list of ``click.Command`` objects
(commands or groups). ``detente.cli`` adds them all; the modules stay thin and
call :mod:`detente.api` or their stage's public functions.
"""
