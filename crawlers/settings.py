"""Scrapy settings for strikewatch. Our own settings (``STRIKEWATCH_*``, see ``pipeline.config``) are read here.

Politeness is on by default: robots.txt obeyed, AutoThrottle and a per-site delay, a User-Agent naming the tool.
``STRIKEWATCH_POLITE=0`` switches delays and AutoThrottle off (benchmarks, the local demo); robots.txt stays obeyed.
"""

import os

from crawlers.distributed import redis_settings
from pipeline.config import load_settings

_sw = load_settings()

BOT_NAME = "strikewatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# --- ours ---------------------------------------------------------------------------------------------------
STRIKEWATCH_DATABASE_URL = _sw.db_url
STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS = list(_sw.allowed_private_networks)
STRIKEWATCH_POLITE = _sw.polite
STRIKEWATCH_PREFILTER = _sw.prefilter  # crawlers/prefilter.py
STRIKEWATCH_SUMMARY_FILE = ""  # where the crawl summary (JSON) is written; set by `strikewatch crawl`
STRIKEWATCH_PROGRESS = True  # rich progress display on stderr

# --- politeness ---------------------------------------------------------------------------------------------
USER_AGENT = _sw.user_agent
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = _sw.polite
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0 if _sw.polite else 0.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2 if _sw.polite else 8
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- limits -------------------------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each next one (crawlers/limits.py)
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0  # a longer Retry-After is not waited for in this run: the source backs off instead
TWISTED_DNS_RESOLVER = "crawlers.guard.GuardedResolver"  # refuses private/loopback/metadata addresses at connect time
DOWNLOADER_MIDDLEWARES = {
    "crawlers.guard.AddressGuardMiddleware": 50,  # before robots.txt (100): checks every request and redirect
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.limits.BackoffRetryMiddleware": 550,
}

# --- processing ---------------------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "crawlers.pipelines.RequireTextPipeline": 100,
    "crawlers.prefilter.PrefilterPipeline": 200,
    "crawlers.pipelines.StoreArticlePipeline": 300,
    "crawlers.pipelines.SourceHealthPipeline": 500,
}
EXTENSIONS = {"crawlers.extensions.CrawlReport": 500, "crawlers.distributed.IdleExit": 510}
LOG_LEVEL = "INFO"

# --- distributed crawling (`strikewatch crawl --distributed`, crawlers/distributed.py) -------------------------
STRIKEWATCH_DISTRIBUTED = os.environ.get("STRIKEWATCH_DISTRIBUTED") == "1"
if STRIKEWATCH_DISTRIBUTED:
    globals().update(
        redis_settings(
            _sw.redis_url,
            os.environ.get("STRIKEWATCH_CRAWL_ID", "default"),
            float(os.environ.get("STRIKEWATCH_IDLE_SECONDS", "30")),
        )
    )
