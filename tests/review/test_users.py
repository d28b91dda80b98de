"""Accounts: scrypt password hashes, checks on names and passwords, authentication."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from pipeline import users
from pipeline.errors import InputError
from pipeline.users import add_user, authenticate, count_users, hash_password, verify_password


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("scrypt$32768$8$1$") and first != second
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterY")
    assert not verify_password("not a hash", "x") and not verify_password("md5$a$b$c$d$e", "x")


def test_accounts(session: Session) -> None:
    add_user(session, "ana", "long enough password")
    assert count_users(session) == 1
    assert authenticate(session, "ana", "long enough password") is not None
    assert authenticate(session, "ana", "wrong password!!") is None
    assert authenticate(session, "nobody", "long enough password") is None
    with pytest.raises(InputError, match="exists already"):
        add_user(session, "ana", "another long password")
    with pytest.raises(InputError, match="at least"):
        add_user(session, "ben", "short")
    with pytest.raises(InputError, match="account names"):
        add_user(session, "<b>", "long enough password")
    users.set_password(session, "ana", "a brand new password")
    assert authenticate(session, "ana", "a brand new password") is not None
    users.remove_user(session, "ana")
    assert count_users(session) == 0
