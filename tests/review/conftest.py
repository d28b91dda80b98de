"""Fixtures for the review app: the app on the test database, a seeded day, a logged-in client."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from parsel import Selector
from sqlalchemy.orm import Session, sessionmaker

from pipeline.config import Settings, load_settings
from pipeline.users import add_user
from review import create_app
from tests.review.seed import Seeded, seed_day

PASSWORD = "a long test password"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings().with_overrides(site_dir=tmp_path / "site")


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> Seeded:
    with sessions() as s, s.begin():
        return seed_day(s)


@pytest.fixture
def app(settings: Settings, sessions: sessionmaker[Session]) -> Flask:
    return create_app(settings, sessions)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def account(sessions: sessionmaker[Session]) -> str:
    with sessions() as s, s.begin():
        add_user(s, "ana", PASSWORD)
    return "ana"


def page(client: FlaskClient, path: str, status: int = 200) -> Selector:
    response = client.get(path)
    assert response.status_code == status, response.data[:500]
    return Selector(text=response.get_data(as_text=True))


def token(client: FlaskClient, path: str = "/login") -> str:
    found = page(client, path).css("input[name=csrf_token]::attr(value)").get()
    assert found
    return found


def login(client: FlaskClient, name: str = "ana", password: str = PASSWORD) -> None:
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token(client)})
    assert response.status_code == 303, response.data[:300]
