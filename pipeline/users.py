"""Review accounts: names and passwords stored as salted scrypt hashes (``hashlib.scrypt``, memory-hard)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import User

MIN_PASSWORD = 10
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
# scrypt cost: N=2**15, r=8, p=1 (32 MiB of memory per guess, ~0.1 s here), as werkzeug's default.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` with a fresh random 16-byte salt."""
    salt = secrets.token_bytes(16)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(_scrypt(password, salt, _N, _R, _P))}"


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored`` (compared in constant time); False for malformed hashes."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


_DUMMY_HASH = f"scrypt${_N}${_R}${_P}${_b64(b'0' * 16)}${_b64(b'0' * 32)}"


def check_new_account(name: str, password: str) -> None:
    if not NAME_RE.match(name):
        raise InputError(f"account names are 1-100 letters, digits or . _ @ - (not {name!r})")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")


def add_user(session: Session, name: str, password: str) -> User:
    """Create the account ``name``; raises ``InputError`` for a taken name or a weak password."""
    check_new_account(name, password)
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise InputError(f"the account {name!r} exists already")
    user = User(name=name, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str) -> User:
    check_new_account(name, password)
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise InputError(f"no account called {name!r}")
    user.password_hash = hash_password(password)
    return user


def remove_user(session: Session, name: str) -> None:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise InputError(f"no account called {name!r}")
    session.delete(user)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User)) or 0


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The account when name and password match, else None (a missing account costs the same hash time)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return user if verify_password(user.password_hash, password) else None
