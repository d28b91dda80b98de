"""The runner adds up the summaries of the spiders it ran one after another."""

from __future__ import annotations

from crawlers.runner import merge_summaries


def test_merge_summaries_adds_counts_and_lists_failures() -> None:
    feeds = {"spider": "feeds", "sources_total": 3, "sources_checked": 3, "failed": 1, "articles_new": 5,
             "failures": [{"source": "a", "error": "HTTP 500"}], "finish_reason": "finished"}
    sites = {"spider": "sites", "sources_total": 1, "sources_checked": 1, "failed": 1, "articles_new": 2,
             "articles_too_old": 4, "failures": [{"source": "b", "error": "timed out"}], "finish_reason": "finished"}
    total = merge_summaries([feeds, sites])
    assert (total["sources_total"], total["failed"], total["articles_new"], total["articles_too_old"]) == (4, 2, 7, 4)
    assert [f["source"] for f in total["failures"]] == ["a", "b"]
    assert total["spiders"] == ["feeds", "sites"] and total["finish_reason"] == "feeds: finished, sites: finished"
