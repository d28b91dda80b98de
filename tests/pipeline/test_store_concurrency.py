"""Two writers storing the same article at once store one row (on SQLite and, when configured, PostgreSQL)."""

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article
from pipeline.store import ArticleIn, store_article


def test_concurrent_writers_store_one_row(sessions: sessionmaker[Session]) -> None:
    writers = 6
    barrier = threading.Barrier(writers)
    created: list[bool] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            with sessions() as s, s.begin():
                barrier.wait()
                item = ArticleIn(url=f"https://wire.example/story?utm_source={n}", title="Same", text=f"copy {n}")
                created.append(store_article(s, item).created)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created) == [False] * (writers - 1) + [True]
    with sessions() as s:
        assert s.scalar(select(func.count(Article.id))) == 1
