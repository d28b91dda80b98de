"""Bad input made safe before tagging: language guess and the stopword tables behind it."""

from __future__ import annotations

from pipeline.tagging import cleaning


def test_word_splitter_survives_building_the_tables() -> None:
    # the loop that builds the stopword index once rebound ``_words`` to a frozenset (mypy caught it)
    assert cleaning._words("the  of and") == ["the", "of", "and"]


def test_every_stopword_is_indexed_under_each_of_its_languages() -> None:
    assert cleaning._LANGS_OF["que"] == ("es", "fr", "pt")
    assert cleaning._LANGS_OF["the"] == ("en",)


def test_detect_language() -> None:
    english = "The men in the prison said that the strike was about wages and it has spread to the other units."
    spanish = "Los presos de la cárcel dijeron que la huelga es por los salarios y se ha extendido a otras unidades."
    assert cleaning.detect_language(english) == "en"
    assert cleaning.detect_language(spanish) == "es"
    assert cleaning.detect_language("Strike day three") is None
