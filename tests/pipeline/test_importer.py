import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.importer import import_lines
from pipeline.models import Article, Outlet


def _line(**kw: object) -> str:
    return json.dumps(kw)


def test_import_stores_valid_lines_and_reports_bad_ones(session: Session) -> None:
    lines = [
        _line(url="https://ex.org/1", title="Strike", text="Hunger strike at the jail",
              published="2026-11-20T10:00:00Z", outlet="Ex News", outlet_state="SC", outlet_kind="local",
              author="A. Writer"),
        "{not json",
        _line(url="https://ex.org/2", title="No text"),
        _line(url="mailto:x@y", title="t", text="t"),
        _line(url="https://ex.org/3", title="t", text="t", published="yesterday"),
        "",
        _line(url="https://ex.org/4", title="t", text="t", outlet="O", outlet_state="XX"),
        _line(url="https://ex.org/5", title="Fine", text="Another"),
    ]
    report = import_lines(session, lines)
    assert report.stored == 2
    assert [n for n, _ in report.errors] == [2, 3, 4, 5, 7]
    assert "'text'" in report.errors[1][1] and "ISO 8601" in report.errors[3][1]
    art = session.scalar(select(Article).where(Article.url == "https://ex.org/1"))
    assert art is not None and art.author == "A. Writer" and art.date_source == "import"
    outlet = session.get(Outlet, art.outlet_id)
    assert outlet is not None and (outlet.home_state, outlet.kind) == ("SC", "local")


def test_reimport_adds_nothing(session: Session) -> None:
    lines = [_line(url="https://ex.org/1", title="a", text="b"), _line(url="https://ex.org/2", title="c", text="d")]
    assert import_lines(session, lines).stored == 2
    again = import_lines(session, lines)
    assert (again.stored, again.duplicates) == (0, 2)
