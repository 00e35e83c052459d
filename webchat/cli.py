"""Flask CLI: `flask --app webchat set-trainer-password` stores a hash of the trainer password."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from campaigns.trainers import set_trainer_password
from webchat.sessions import engine

MIN_LENGTH = 10


@click.command("set-trainer-password")
@with_appcontext
def set_trainer_password_command() -> None:
    """Set the password trainers use on /trainer and for POST /api/campaigns."""
    password = click.prompt("Nieuw wachtwoord voor trainers / new trainer password",
                            hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_LENGTH:
        raise click.ClickException(f"Gebruik minstens {MIN_LENGTH} tekens / "
                                   f"use at least {MIN_LENGTH} characters.")
    set_trainer_password(engine(), password)
    click.echo("Wachtwoord opgeslagen (alleen een hash) / password stored (hash only).")
