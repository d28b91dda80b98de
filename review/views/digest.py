"""Preview the day's digest as it will be published, publish it, and serve the published site."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, send_from_directory, url_for
from werkzeug.wrappers import Response

from pipeline.review.decisions import approved_items
from pipeline.review.publish import last_published, preview_html, publish_day, site_path
from review.db import get_db
from review.views.common import settings, who

bp = Blueprint("digest", __name__)


@bp.get("/day/<day:day>/preview")
def preview(day: date) -> str:
    db = get_db()
    return render_template("review/preview.html", day=day, approved=len(approved_items(db, day)),
                           published=last_published(db, day))


@bp.get("/day/<day:day>/preview/raw")
def raw_preview(day: date) -> str:
    return preview_html(get_db(), day, settings())


@bp.post("/day/<day:day>/publish")
def publish(day: date) -> Response:
    db = get_db()
    path = publish_day(db, day, settings(), who())
    db.commit()
    flash(f"Published the digest of {day.isoformat()}.")
    return redirect(url_for("digest.site", path=path), 303)


@bp.get("/site/")
@bp.get("/site/<path:path>")
def site(path: str = "index.html") -> Response:
    root = settings().output_dir
    if not root.is_dir():
        abort(404, description="Nothing is published yet.")
    if (root / path).is_dir():
        path = path.rstrip("/") + "/index.html"
    return send_from_directory(root, path)


@bp.get("/published/<day:day>")
def published(day: date) -> Response:
    return redirect(url_for("digest.site", path=site_path(day)))
