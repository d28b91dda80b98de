"""Adding what the crawler missed: an article by URL (or typed in), an action report."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pipeline.errors import InputError
from pipeline.models import ACTION_KINDS, Article
from pipeline.review.adding import add_typed, fetch_article, tag_added
from pipeline.review.reports import add_report
from pipeline.states import all_states
from pipeline.store import ArticleIn, get_or_create_outlet
from review.db import get_db
from review.views.common import settings, today, who

bp = Blueprint("add", __name__)


@bp.get("/add")
def article_form() -> str:
    return render_template("review/add.html", url=request.args.get("url", ""), typed=False, form={})


def _published(value: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"published must be a date and time like 2024-08-21T09:30, not {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=settings().tz).astimezone(UTC)


def _typed(url: str) -> int:
    form = request.form
    db = get_db()
    outlet = get_or_create_outlet(db, form["outlet"]).id if form.get("outlet", "").strip() else None
    item = ArticleIn(url=url, title=form.get("title", "")[:2000], text=form.get("text", ""),
                     published=_published(form.get("published", "")), date_source="page", outlet_id=outlet)
    return add_typed(db, item, who())


@bp.post("/add")
def article_add() -> Response | str:
    url = request.form.get("url", "").strip()
    db = get_db()
    if request.form.get("typed") == "1":
        article_id = _typed(url)
    else:
        article = fetch_article(db, url, settings(), who())
        if article is None:
            return render_template("review/add.html", url=url, typed=True, form={})
        article_id = article.id
    db.commit()
    tag_added(db)
    article = db.get(Article, article_id)
    day = article.published_at.astimezone(settings().tz).date() if article and article.published_at else today()
    flash(f"Stored and tagged article {article_id}; it is listed under {day.isoformat()}.")
    return redirect(url_for("queue.day", day=day, all="1") + f"#article-{article_id}", 303)


@bp.get("/actions")
def action_form() -> str:
    return render_template("review/actions.html", kinds=ACTION_KINDS, states=sorted(all_states()), today=today())


@bp.post("/actions")
def action_add() -> Response:
    form = request.form
    added = add_report(get_db(), form.get("state", ""), form.get("day", ""), form.get("kind", ""),
                       form.get("facility", ""), form.get("note", ""), who())
    get_db().commit()
    flash("Action report recorded." if added else "That action was recorded already.")
    return redirect(url_for("add.action_form"), 303)
