"""State mentions in a ``Doc``: names, AP abbreviations, postal codes, datelines and major cities, read as a
reader would (Washington the state vs D.C. vs the federal government, Georgia the country, person and
newspaper names, counties and streets named like states)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.states import all_states
from pipeline.tagging.hits import Hit, doc_text

# AP abbreviations that are also words or names: only after "City," or before "-based".
WORDLIKE_ABBREVS = {"Miss.", "Ill.", "Pa.", "Mass.", "Ore.", "La.", "Wash.", "Del.", "Mo.", "Ind.", "Ga.", "Conn.",
                    "Ala.", "Md.", "Me.", "Neb.", "Nev.", "Ariz.", "Minn.", "Mont.", "Colo.", "Vt.", "Va."}
EXTRA_ABBREVS = {"Calif.": "CA", "Penn.": "PA", "Tex.": "TX", "Kans.": "KS", "Wis.": "WI", "Wisc.": "WI",
                 "N.Y.": "NY", "D.C.": "DC", "Mich.": "MI", "Fla.": "FL", "Tenn.": "TN", "Okla.": "OK"}
_STATION = re.compile(r"^(?:NBC|ABC|CBS|FOX|Fox|PBS|NPR|CW|K[A-Z]{2,3}|W[A-Z]{2,3})\d*$")
_DASHES = {"—", "–", "-", "--", "(", ")", ":"}
_PARTY = {"D", "R", "I"}
_KC_QUALIFIED = re.compile(r"\bKansas City,?\s*(Kan\.|Kansas\b|Kans\.|Mo\.|Missouri\b)", re.IGNORECASE)
_WORD_CODES = frozenset({"IN", "OR", "ME", "OK", "HI", "OH", "AS", "DE", "LA", "AL", "MA", "PA", "CO", "ID", "MD", "MS",
                         "MO", "NE", "SD", "VA", "WI", "CT", "MT", "AR", "AK", "DC", "PR", "MP", "VI", "GU"})
_THE_DISTRICT = re.compile(r"\b(?:states|state|Puerto Rico) and (the District)\b(?! of)")


@dataclass
class PlaceTables:
    matcher: PhraseMatcher
    token_matcher: PhraseMatcher  # abbreviations and postal codes, case-sensitive
    abbrevs: dict[str, str]  # "Ala." -> "AL"
    codes: frozenset[str]
    allowed: frozenset[str]
    blocking: frozenset[str]
    wa_cue: re.Pattern[str]
    namesakes: dict[str, tuple[re.Pattern[str], re.Pattern[str]]]


def _cue_regex(terms: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")


def build_tables(nlp: Language, places: dict[str, Any]) -> PlaceTables:
    states = all_states()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for code, st in states.items():
        matcher.add(f"S|{code}", [nlp.make_doc(st.name)])
    for city, code in places["cities"].items():
        matcher.add(f"C|{code}", [nlp.make_doc(city)])
    matcher.add("X|", [nlp.make_doc(t) for t in places["not_places"]["terms"]])
    matcher.add("D|DC", [nlp.make_doc(t) for t in places["washington"]["dc_forms"]])
    abbrevs = {st.ap_abbrev: code for code, st in states.items() if st.ap_abbrev.endswith(".")} | EXTRA_ABBREVS
    for abbrev in abbrevs:  # keep "W.Va.", "Vt.", "Wyo." as one token
        # spaCy types Language.tokenizer as any Callable[[str], Doc] (its Cython Tokenizer has no stub); ours is one
        nlp.tokenizer.add_special_case(abbrev, [{"ORTH": abbrev}])  # type: ignore[union-attr]
    token_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    token_matcher.add("T", [nlp.make_doc(t) for t in [*abbrevs, *(f"{a}-based" for a in abbrevs), *states]])
    namesakes = {code: (_cue_regex(v["foreign_cues"]), _cue_regex(v["us_cues"]))
                 for code, v in places.get("foreign_namesakes", {}).items()}
    followers = places["followers"]
    return PlaceTables(matcher, token_matcher, abbrevs, frozenset(states), frozenset(followers["allowed"]),
                       frozenset(followers["blocking"]), _cue_regex(places["washington"]["wa_cues"]), namesakes)


def find_states(doc: Doc, tables: PlaceTables, blocked: list[tuple[int, int]]) -> list[Hit]:
    """State hits outside ``blocked`` token ranges (matched facility names), in text order."""
    spans = [Span(doc, s, e, label=k) for k, s, e in tables.matcher(doc)]
    hits: list[Hit] = []
    wa_cued = _wa_cued(doc, tables, blocked)
    for span in filter_spans(spans):
        if any(s < span.end and span.start < e for s, e in blocked):
            continue
        hit = _judge_span(span, tables, wa_cued)
        if hit:
            hits.append(hit)
    hits += _token_hits(doc, tables, blocked)
    hits += [Hit("state", "DC", "District of Columbia", m.group(1), m.start(1), m.end(1), "dc")
             for m in _THE_DISTRICT.finditer(doc_text(doc))]
    return _drop_foreign_namesakes(doc, sorted(hits, key=lambda h: h.start), tables)


def _wa_cued(doc: Doc, tables: PlaceTables, blocked: list[tuple[int, int]]) -> bool:
    """Washington-state cues outside facility names ("Washington State Prison" is in Georgia)."""
    chars = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in blocked]
    return any(not any(s <= m.start() < e for s, e in chars) for m in tables.wa_cue.finditer(doc_text(doc)))


def _judge_span(span: Span, tables: PlaceTables, wa_cued: bool) -> Hit | None:
    kind, code = span.label_.split("|")
    if kind == "X" or _in_person(span) or _station_before(span) or not _capitalised(span):
        return None
    if kind == "D":
        return _hit(span, "DC", "dc")
    if _blocked_after(span, tables, strict=(kind == "S")):
        return None
    if kind == "C":
        if _other_place_before(span):
            return None  # "New Boston" (Texas), "North Miami" ... are other towns
        how = "city-state" if "," in span.text else "city"
        return _hit(span, _kansas_city(span) if code == "MO" and span.text.lower() == "kansas city" else code, how)
    if code == "WA" and span.text.lower() == "washington":
        return _washington(span, wa_cued)
    return _hit(span, code, "name")


# Not "North"/"West"/...: North Las Vegas, North Miami, West Hollywood are suburbs in the same state.
_OTHER_PLACE_WORDS = frozenset({"new", "port", "fort", "mount", "little"})


def _other_place_before(span: Span) -> bool:
    """A city name that ends another town's name: "New Boston" (Texas), "Port Chicago", "Fort Houston"."""
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in _OTHER_PLACE_WORDS and prev.is_title


def _hit(span: Span, code: str, how: str) -> Hit:
    return Hit("state", code, all_states()[code].name, span.text, span.start_char, span.end_char, how)


def _capitalised(span: Span) -> bool:
    if span.text[:1].isupper():
        return True
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.text == ","  # "atlanta, georgia" datelines


def _in_person(span: Span) -> bool:
    return any(s <= span.start and span.end <= e for s, e in span.doc._.sw_persons or ())


def _station_before(span: Span) -> bool:
    return span.start > 0 and bool(_STATION.match(span.doc[span.start - 1].text))


def _next_word(span: Span) -> Token | None:
    if span.end >= len(span.doc):
        return None
    tok = span.doc[span.end]
    return None if tok.is_space or "\n" in tok.whitespace_ else tok


def _blocked_after(span: Span, tables: PlaceTables, strict: bool) -> bool:
    """A following word that makes the name part of a county, street, newspaper, team or person."""
    nxt = _next_word(span)
    if nxt is None or "\n" in span[-1].whitespace_:
        return False
    if nxt.text in tables.blocking:
        return True
    if not strict or nxt.is_punct or not nxt.text[:1].isupper() or nxt.text in tables.allowed:
        return False
    return not nxt.is_upper or len(nxt.text) > 5  # "Virginia Woolf", "Georgia O'Keeffe"; keep "Alabama DOC"


def _kansas_city(span: Span) -> str:
    """MO unless this mention, or else the article's only qualified mention, says Kansas ("Kansas City, Kan.")."""
    after = span.doc[span.end : span.end + 3].text
    if re.match(r"^,?\s*(Kan\.|Kansas|Kans\.|KS\b)", after):
        return "KS"
    if re.match(r"^,?\s*(Mo\.|Missouri|MO\b)", after):
        return "MO"
    forms = {m.group(1)[:3].lower() for m in _KC_QUALIFIED.finditer(doc_text(span.doc))}
    return "KS" if forms == {"kan"} else "MO"


def _is_dateline(span: Span) -> bool:
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    at_line_start = prev is None or "\n" in prev.whitespace_ or prev.text == "(" or "\n" in prev.text
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return span.text.isupper() and at_line_start and (nxt in _DASHES or nxt.startswith("("))


def _washington(span: Span, wa_cued: bool) -> Hit | None:
    """Bare "Washington": a dateline is D.C.; "Washington state" is WA; otherwise WA only with WA cues."""
    if _is_dateline(span):
        return _hit(span, "DC", "dateline")
    nxt = _next_word(span)
    if nxt is not None and nxt.lower_ == "state":
        return _hit(span, "WA", "name")
    if wa_cued:
        return _hit(span, "WA", "name")
    return None


def _token_hits(doc: Doc, tables: PlaceTables, blocked: list[tuple[int, int]]) -> list[Hit]:
    """AP abbreviations ("Ala.", "W.Va.", "Fla.-based") and postal codes in "City, ST" / "ST 12345"."""
    hits = []
    for _, start, end in tables.token_matcher(doc):
        if end - start != 1:
            continue
        tok = doc[start]
        if any(s <= tok.i < e for s, e in blocked):
            continue
        code, how = _abbrev_code(tok, tables), "abbrev"
        if code is None:
            code, how = _postal_code(tok, tables), "postal"
        if code:
            hits.append(Hit("state", code, all_states()[code].name, tok.text, tok.idx, tok.idx + len(tok.text), how))
    return hits


def _after_city(tok: Token) -> bool:
    doc = tok.doc
    return tok.i >= 2 and doc[tok.i - 1].text == "," and doc[tok.i - 2].text[:1].isupper() \
        and doc[tok.i - 2].is_alpha


def _abbrev_code(tok: Token, tables: PlaceTables) -> str | None:
    text = tok.text
    if text.endswith("-based"):
        text = text[: -len("-based")]
        return tables.abbrevs.get(text)
    code = tables.abbrevs.get(text)
    if code is None:
        return None
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].text in _PARTY:
        return None  # "(D-Calif.)": the politician's state, not the story's
    nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    if text in WORDLIKE_ABBREVS and not (_after_city(tok) or nxt in ("-", "-based")):
        return None
    return code


def _postal_code(tok: Token, tables: PlaceTables) -> str | None:
    text = tok.text
    if len(text) != 2 or not text.isupper() or text not in tables.codes:
        return None
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and re.fullmatch(r"\d{5}(-\d{4})?", nxt.text):
        return text
    if not _after_city(tok):
        return None
    if nxt is None or not nxt.text[:1].isalpha() or "\n" in tok.whitespace_:
        return text
    # "Hutchinson, KS went on strike": a code that is no English word or acronym, before a lower-case word
    return text if text not in _WORD_CODES and nxt.text[:1].islower() else None


def drop_lone_cities(hits: list[Hit], foreign_cue: bool) -> list[Hit]:
    """Bare city names alone do not count in a story set abroad ("Orlando" beside "London, England")."""
    if not foreign_cue or any(h.how != "city" for h in hits):
        return hits
    return []


def _drop_foreign_namesakes(doc: Doc, hits: list[Hit], tables: PlaceTables) -> list[Hit]:
    """Georgia the country: drop name-only hits of a state whose foreign namesake's cues appear without US cues."""
    out = []
    for code, (foreign, us) in tables.namesakes.items():
        if any(h.cid == code for h in hits) and foreign.search(doc_text(doc)) and not us.search(doc_text(doc)):
            hits = [h for h in hits if not (h.cid == code and h.how == "name")]
    out.extend(hits)
    return out
