"""``strikewatch serve``, ``strikewatch users …`` and ``strikewatch export-labels``: the review workspace."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.common import out, runtime
from pipeline.errors import InputError
from pipeline.review.labels import iter_labels
from pipeline.users import add_user, count_users, list_users, remove_user, set_password

users_app = typer.Typer(help="Review accounts (needed to serve beyond localhost).", no_args_is_help=True)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback needs an account first.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    secure_cookies: Annotated[bool | None, typer.Option(
        "--secure-cookies/--no-secure-cookies",
        help="Mark the login cookie Secure (HTTPS only); default: on unless bound to localhost.")] = None,
    require_login: Annotated[bool, typer.Option(
        "--require-login", help="Always require login, also on localhost (use behind a reverse proxy).")] = False,
) -> None:
    """Serve the review workspace (the queue, corrections, preview and publish)."""
    from werkzeug.serving import make_server

    from review import create_app
    from review.serving import check_bind

    rt = runtime(ctx)
    sessions = rt.sessions()
    with sessions() as session:
        public = check_bind(host, count_users(session), require_login)
    app = create_app(rt.settings, sessions, public=public, secure_cookies=secure_cookies)
    server = make_server(host, port, app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"review workspace on http://{shown}:{server.server_port}/ "
              f"({'login required' if public else 'login required once an account exists'}); Ctrl-C stops it")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _read_password(confirm: bool = True) -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=confirm))
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("no password on standard input")
    return password


@users_app.command("add")
def users_add(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]) -> None:
    """Create an account; the password is read from a prompt, or from the first line of standard input."""
    password = _read_password()
    with runtime(ctx).sessions()() as session, session.begin():
        add_user(session, name, password)
    out.print(f"account {name} created")


@users_app.command("passwd")
def users_passwd(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]) -> None:
    """Set a new password for an account (prompt or standard input)."""
    password = _read_password()
    with runtime(ctx).sessions()() as session, session.begin():
        set_password(session, name, password)
    out.print(f"password of {name} changed")


@users_app.command("list")
def users_list(ctx: typer.Context) -> None:
    """List the accounts."""
    with runtime(ctx).sessions()() as session:
        users = list_users(session)
        for user in users:
            out.print(f"{user.name} (since {user.created_at:%Y-%m-%d})")
        out.print(f"{len(users)} account(s)")


@users_app.command("remove")
def users_remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]) -> None:
    """Remove an account (its past actions stay in the audit trail)."""
    with runtime(ctx).sessions()() as session, session.begin():
        remove_user(session, name)
    out.print(f"account {name} removed")


def export_labels(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="JSON Lines file to write ('-' for standard output).")],
) -> None:
    """Write the team's judgements as labeled passages for `strikewatch eval`."""
    with runtime(ctx).sessions()() as session:
        lines = [json.dumps(label, ensure_ascii=False) + "\n" for label in iter_labels(session)]
    if str(file) == "-":
        sys.stdout.writelines(lines)
        return
    try:
        file.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {file}: {exc.strerror}") from exc
    out.print(f"{len(lines)} labeled passage(s) written to {file}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.add_typer(users_app, name="users")
    app.command("export-labels")(export_labels)
