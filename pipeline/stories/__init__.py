"""Stories: exact copies and syndicated near-duplicates of one article, clustered with MinHash + LSH.

The ``cluster`` stage (``run_stage``) places new articles into stories and then records breakthroughs.
"""

from __future__ import annotations

from datetime import date

from pipeline.runtime import Runtime
from pipeline.stories.cluster import ClusterParams, ClusterReport, cluster_stories
from pipeline.stories.service import StoryView, list_stories, merge_stories, split_article


def run_stage(rt: Runtime, day: date) -> str:
    """The ``cluster`` stage: cluster new articles, then record breakthroughs. Returns a one-line summary."""
    from pipeline.breakthroughs import record_breakthroughs

    with rt.sessions()() as session, session.begin():
        report = cluster_stories(session)
        found = record_breakthroughs(session)
    return f"{report.summary()}; {found} breakthrough(s)"


__all__ = [
    "ClusterParams", "ClusterReport", "StoryView", "cluster_stories", "list_stories", "merge_stories",
    "run_stage", "split_article",
]
