"""The day's queue, filters, and one item's page."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from pipeline.models import OUTLET_KINDS
from pipeline.review.audit import recent
from pipeline.review.queue import STATUSES, QueueFilter, build_queue, find_item
from pipeline.states import all_states
from review.db import get_db
from review.views.common import settings, today

bp = Blueprint("queue", __name__)


def _filters() -> QueueFilter:
    args = request.args
    return QueueFilter(state=args.get("state", "").strip().upper()[:2], facility=args.get("facility", "").strip()[:200],
                       outlet_kind=args.get("kind", "") if args.get("kind") in OUTLET_KINDS else "",
                       status=args.get("status", "") if args.get("status") in STATUSES else "",
                       include_irrelevant=args.get("all") == "1")


@bp.get("/")
def home() -> Response:
    return redirect(url_for("queue.day", day=today()))


@bp.get("/day/<day:day>")
def day(day: date) -> str:
    filters = _filters()
    items = build_queue(get_db(), day, settings().tz, filters)
    return render_template("review/queue.html", day=day, items=items, filters=filters, statuses=STATUSES,
                           kinds=OUTLET_KINDS, states=sorted(all_states()), here=request.full_path.rstrip("?"),
                           prev_day=day - timedelta(days=1), next_day=day + timedelta(days=1))


@bp.get("/day/<day:day>/<any(story, article):item_type>/<int:item_id>")
def item(day: date, item_type: str, item_id: int) -> str:
    found = find_item(get_db(), day, settings().tz, item_type, item_id)
    if found is None:
        abort(404, description=f"No {item_type} {item_id} on {day}.")
    others = [i for i in build_queue(get_db(), day, settings().tz, QueueFilter(include_irrelevant=True))
              if i.item_type == "story" and i.key != found.key]
    return render_template("review/item.html", day=day, item=found, others=others, states=sorted(all_states()),
                           here=request.path)


@bp.get("/audit")
def audit() -> str:
    return render_template("review/audit.html", events=recent(get_db(), 200))
