"""Facility mentions in a ``Doc``: safe aliases always, short names ("Holman", "Angola") only with context, and
names the list lacks ("X Correctional Facility"). Names shared by several states resolve by the article's states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.states import all_states
from pipeline.tagging.gazetteer import GENERIC_WORDS, Facility, Gazetteer, best_candidate
from pipeline.tagging.hits import Hit, doc_text
from pipeline.tagging.names import norm_name
from pipeline.tagging.places import EXTRA_ABBREVS
from pipeline.tagging.vocabulary import Vocabulary

FACILITY_WORDS = {"prison", "prisons", "facility", "facilities", "penitentiary", "correctional", "unit", "jail",
                  "detention", "camp", "institution", "complex", "lockup", "state"}
_LEADING_OK = {"At", "In", "The", "From", "To", "On", "And", "Inside", "Both", "Including", "While", "Like"}
_UNLISTED = re.compile(
    r"\b((?:[A-Z][\w.'’-]*\s+){1,4}?)"
    r"(Correctional (?:Facility|Institution|Center|Centre|Complex|Unit)|Work Center|Detention (?:Center|Facility)"
    r"|Processing Center|State Prison|Reception Center|State Penitentiary)\b"
)
_UNLISTED_HEADS = ("Correctional", "Work Center", "Detention", "Processing Center", "State Prison", "Reception Center",
                   "State Penitentiary")
_CONTEXT_WINDOW = 25
# Words after a facility's name that make it part of a group's name ("Orleans Parish Prison Reform Coalition")
_ORG_WORDS = {"Reform", "Coalition", "Committee", "Project", "Support", "Alliance", "Network", "Fund", "Foundation",
              "Association", "Campaign", "Collective", "Liberation", "Solidarity", "Abolition"}
# Prefixed names the press writes for any federal prison or Pennsylvania state prison: "SCI Phoenix", "USP Thomson"
_PREFIXED = re.compile(r"\b(SCI|FCI|USP|AUSP|FDC|MDC|FMC|FPC|MCC)[ -]([A-Z][a-z]+)(?: ([A-Z][a-z]+))?\b")
_COUNTY = re.compile(r"^(?:\w+ ){1,3}?(?:county|parish)\b")


@dataclass
class FacilityTables:
    matcher: PhraseMatcher
    gaz: Gazetteer
    state_names: frozenset[str]
    towns: frozenset[str]  # short names that are also town or city names
    state_words: frozenset[str]  # state names, postal codes and AP abbreviations as written
    state_codes: dict[str, str]  # such a word -> its postal code


def build_tables(nlp: Language, gaz: Gazetteer, cities: list[str]) -> FacilityTables:
    """Patterns matched on token norms, so "St." = "Saint", "Eric M. Taylor" = "ERIC M TAYLOR"."""
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for prefix, table in (("F", gaz.safe), ("A", gaz.ambiguous), ("G", gaz.generic)):
        for alias in table:
            spellings = {alias, *gaz.spellings.get(alias, ())}
            matcher.add(f"{prefix}|{alias}", [nlp.make_doc(s) for s in spellings])
    towns = gaz.towns | {norm_name(c) for c in cities}
    states = all_states().values()
    state_codes = {w: st.code for st in states for w in (st.name, st.code, st.ap_abbrev)} | EXTRA_ABBREVS
    return FacilityTables(matcher, gaz, frozenset(s.name.lower() for s in states), frozenset(towns),
                          frozenset(state_codes), state_codes)


def match_spans(doc: Doc, tables: FacilityTables) -> list[Span]:
    spans = [Span(doc, s, e, label=k) for k, s, e in tables.matcher(doc)]
    return [s for s in filter_spans(spans) if _well_formed(s, tables) and not _group_name(s)]


def _group_name(span: Span) -> bool:
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.text in _ORG_WORDS and "\n" not in span[-1].whitespace_


def _well_formed(span: Span, tables: FacilityTables) -> bool:
    """Names begin with a capital; a name that starts with a state's name must be capitalised throughout."""
    if not span.text[:1].isupper() and not span.text[:1].isdigit():
        return False
    first = span.label_.split("|", 1)[1].split()[0]
    if first in tables.state_names or span.label_[:2] in ("A|", "G|"):
        return all(t.text[:1].isupper() or t.lower_ in ("of", "for", "and", "at", "the") or not t.is_alpha
                   for t in span)
    return True


def resolve(doc: Doc, spans: list[Span], evidence: set[str], tables: FacilityTables, vocab: Vocabulary) -> list[Hit]:
    """Facility hits: safe names first (their states join the evidence), then generic-word names and short names
    that pass context."""
    hits: list[Hit] = []
    for span in (s for s in spans if s.label_.startswith("F|")):
        safe = _resolve_ids(span, tables, evidence, "facility")
        hits.append(safe)
        if safe.state:
            evidence.add(safe.state)
    hits += [h for s in spans if s.label_.startswith("G|") and (h := _generic_name_hit(s, tables, evidence))]
    shorts = [s for s in spans if s.label_.startswith("A|") and not _compound_word(s)]
    towns = [s for s in shorts if _town_like(s, tables)]
    rest = []
    for span in (s for s in shorts if not _town_like(s, tables)):
        hit = _short_name_hit(span, tables, evidence, vocab, town=False)
        if hit:
            hits.append(hit)
        else:
            rest.append(span)
    for span in rest:  # "the men at Limestone, Donaldson and St. Clair": a list of prison names, prisons nearby
        if _listed_with_spans(span, [s for s in shorts if s is not span]) and _paragraph_context(span, vocab):
            hit = _short_name_hit(span, tables, evidence, vocab, town=False, context=True)
            if hit:
                hits.append(hit)
    changed = True
    while changed and towns:  # "Valdosta" the town, unless "Valdosta prison" or listed among other prisons
        changed = False
        for span in list(towns):
            if _home_town(span, hits, tables):
                towns.remove(span)
                continue
            hit = _short_name_hit(span, tables, evidence, vocab, town=not _listed_with(span, hits))
            if hit:
                hits.append(hit)
                towns.remove(span)
                changed = True
    return _drop_county_doubles(hits)


def _compound_word(span: Span) -> bool:
    """"Miami-Dade", "Wilkes-Barre": a short name joined by a hyphen to the word before or after it."""
    doc = span.doc
    before = span.start >= 2 and doc[span.start - 1].text == "-" and not doc[span.start - 2].whitespace_ \
        and not doc[span.start - 1].whitespace_
    after = span.end + 1 < len(doc) and doc[span.end].text == "-" and not span[-1].whitespace_ \
        and not doc[span.end].whitespace_
    return before or after


def _home_town(span: Span, hits: list[Hit], tables: FacilityTables) -> bool:
    """"the Joliet facility" beside Stateville (in Joliet): the town names a facility the article already has."""
    alias = span.label_[2:]
    return any(h.cid and norm_name(tables.gaz.facilities[h.cid].city) == alias for h in hits)


def _generic_name_hit(span: Span, tables: FacilityTables, evidence: set[str]) -> Hit | None:
    """"Men's Central Jail": a name of generic words counts only in an article that has the facility's state."""
    ids = [i for i in tables.gaz.generic[span.label_[2:]] if tables.gaz.facilities[i].state in evidence]
    if not ids or len({tables.gaz.facilities[i].state for i in ids}) > 1:
        return None
    best = best_candidate(tables.gaz, ids, span.label_[2:])
    return Hit("facility", best.id, best.name, span.text, span.start_char, span.end_char, "generic", best.state)


def _county_of(name: str) -> str | None:
    m = _COUNTY.match(norm_name(name))
    return m.group(0) if m else None


def _drop_county_doubles(hits: list[Hit]) -> list[Hit]:
    """An unresolved "Essex County jail" beside the resolved Essex County Correctional Facility is the same place."""
    resolved = {_county_of(h.name) for h in hits if h.cid}
    return [h for h in hits if h.cid or _county_of(h.name) is None or _county_of(h.name) not in resolved]


def _town_like(span: Span, tables: FacilityTables) -> bool:
    alias = span.label_[2:]
    return alias in tables.towns and alias not in tables.gaz.curated


def _listed_with(span: Span, hits: list[Hit]) -> bool:
    """Is the span one item of a list ("Macon, Hays, Valdosta and Smith") whose neighbour is a facility?"""
    return any(_adjacent(span, h.start, h.end) for h in hits)


def _adjacent(span: Span, start: int, end: int) -> bool:
    text = doc_text(span.doc)
    gap = text[span.end_char : start] if start >= span.end_char else text[end : span.start_char]
    return len(gap) <= 6 and re.fullmatch(r"\s*(,|,?\s*and|,?\s*or|&)?\s*", gap) is not None


def _listed_with_spans(span: Span, others: list[Span]) -> bool:
    return any(_adjacent(span, o.start_char, o.end_char) for o in others)


def _paragraph_context(span: Span, vocab: Vocabulary) -> bool:
    text = doc_text(span.doc)
    start = text.rfind("\n\n", 0, span.start_char) + 1
    end = text.find("\n\n", span.end_char)
    return bool(vocab.subject_re.search(text[start : end if end >= 0 else len(text)]))


def _resolve_ids(span: Span, tables: FacilityTables, evidence: set[str], how: str) -> Hit:
    alias = span.label_.split("|", 1)[1]
    table = tables.gaz.safe if span.label_.startswith("F|") else tables.gaz.ambiguous
    ids = table[alias]
    facs = [tables.gaz.facilities[i] for i in ids]
    states = {f.state for f in facs}
    if len(states) > 1:
        ids = [f.id for f in facs if f.state in evidence] or ids
        states = {tables.gaz.facilities[i].state for i in ids}
    best = best_candidate(tables.gaz, ids, alias)
    elsewhere = bool(evidence) and not states & evidence and _COUNTY.match(alias) is not None
    if len(states) > 1 or elsewhere:  # shared by several states and nothing in the article says which, or a county
        # name of another state ("Harris County Jail" is listed in Georgia; the story is set in Houston)
        return Hit("facility", None, best.name, span.text, span.start_char, span.end_char, how + "-unresolved")
    return Hit("facility", best.id, best.name, span.text, span.start_char, span.end_char, how, best.state)


def _short_name_hit(span: Span, tables: FacilityTables, evidence: set[str], vocab: Vocabulary,
                    town: bool, context: bool = False) -> Hit | None:
    doc = span.doc
    alias = span.label_.split("|", 1)[1]
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start > 0 else None
    facility_word_after = nxt is not None and (nxt.lower_ in FACILITY_WORDS or (
        span.end + 1 < len(doc) and doc[span.end + 1].lower_ in FACILITY_WORDS and not nxt.is_punct
        and nxt.text not in tables.state_words))  # "Rochester, NY jail" is the town's jail
    if nxt is not None and nxt.text in ("County", "Parish", "County's") or "county" in alias or "parish" in alias:
        return None
    if prev is not None and prev.is_title and prev.is_alpha and prev.text not in _LEADING_OK \
            and (prev.lower_ not in tables.state_names or not facility_word_after):
        return None  # "East Sussex", "James Baldwin", "Virginia Smith" (but "Alabama Holman prison")
    if nxt is not None and nxt.is_title and nxt.lower_ not in FACILITY_WORDS:
        return None  # "Stewart Smith"
    if any(s <= span.start < e for s, e in doc._.sw_persons or ()):
        return None
    if prev is not None and prev.lower_ == "the" and alias not in tables.gaz.curated and not _facility_word_ahead(span):
        return None  # "the Everglades" is a region; a prison is "the Everglades prison" or plain "Everglades"
    ids = tables.gaz.ambiguous[alias]
    if _town_of_other_state(span, {tables.gaz.facilities[i].state for i in ids}, tables):
        return None
    in_state = [i for i in ids if tables.gaz.facilities[i].state in evidence]
    if not in_state:
        in_state = _famous_short_name(alias, ids, tables)
        if not in_state:
            return None
    if not facility_word_after and (town or not (context or _prison_context(span, vocab))):
        return None
    best = best_candidate(tables.gaz, in_state, alias)
    return Hit("facility", best.id, best.name, span.text, span.start_char, span.end_char, "short", best.state)


def _facility_word_ahead(span: Span) -> bool:
    """A facility word after the name or after a list of names ("the Macon and Hays prisons")."""
    for tok in span.doc[span.end : span.end + 6]:
        if tok.lower_ in FACILITY_WORDS:
            return True
        if not (tok.is_title or tok.text in (",", "&") or tok.lower_ in ("and", "or")):
            return False
    return False


def _town_of_other_state(span: Span, states: set[str | None], tables: FacilityTables) -> bool:
    """"Angola, Ind.": a short name written as a town of a state none of its facilities is in."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    code = tables.state_codes.get(doc[span.end + 1].text)
    return code is not None and code not in states


def _famous_short_name(alias: str, ids: list[str], tables: FacilityTables) -> list[str]:
    """A press short name ("Angola", "Parchman", "Holman") of facilities in one state stands without state evidence
    (the prison context is still required by the caller)."""
    if alias not in tables.gaz.curated or len({tables.gaz.facilities[i].state for i in ids}) != 1:
        return []
    return list(ids)


def _prison_context(span: Span, vocab: Vocabulary) -> bool:
    doc = span.doc
    window = doc[max(0, span.start - _CONTEXT_WINDOW) : min(len(doc), span.end + _CONTEXT_WINDOW)].text
    return bool(vocab.subject_re.search(window) or vocab.action_re.search(window))


def prefixed_spans(doc: Doc, spans: list[Span], tables: FacilityTables, vocab: Vocabulary) -> list[Span]:
    """"SCI X"/"FCI X"/"USP X" written in a form the list lacks (the listed forms are matched already): a federal
    one must name a listed federal prison's place ("FMC Corporation" is a company); an unlisted "SCI X" needs
    prison words in the article."""
    out = []
    for m in _PREFIXED.finditer(doc_text(doc)):
        span = doc.char_span(m.start(), m.end(), label=m.group(0), alignment_mode="expand")
        if span is None or any(s.start < span.end and span.start < s.end for s in spans):
            continue
        if _prefixed_candidates(m.group(2), m.group(1), tables) or (
                m.group(1) == "SCI" and vocab.subject_re.search(doc_text(doc))):
            out.append(span)
    return out


def prefixed(spans: list[Span], tables: FacilityTables) -> list[Hit]:
    """The listed facility of the prefix's kind named after the place ("USP Thomson" is listed as FCI Thomson), else
    an unlisted facility ("SCI" is Pennsylvania's)."""
    hits = []
    for span in spans:
        m = _PREFIXED.match(span.label_)
        assert m is not None
        prefix, place, more = m.groups()
        state = "PA" if prefix == "SCI" else None
        ids = _prefixed_candidates(f"{place} {more}", prefix, tables) if more else []
        if not ids:
            ids, more = _prefixed_candidates(place, prefix, tables), None
        end = span.end_char if more else span.start_char + len(f"{prefix} {place}")
        states = {tables.gaz.facilities[i].state for i in ids}
        if ids and len(states) == 1:
            best = best_candidate(tables.gaz, ids, norm_name(span.label_))
            hits.append(Hit("facility", best.id, best.name, span.text, span.start_char, end, "prefixed", best.state))
        else:
            name = doc_text(span.doc)[span.start_char : end]
            hits.append(Hit("facility", None, name, name, span.start_char, end, "prefixed", state))
    return hits


def _prefixed_candidates(place: str, prefix: str, tables: FacilityTables) -> list[str]:
    key = norm_name(place)
    return [f.id for f in tables.gaz.facilities.values()
            if (f.type == "federal" if prefix != "SCI" else (f.state == "PA" and f.type == "state_prison"))
            and (norm_name(f.city) == key or any(f" {key} " in f" {n} " for n in tables.gaz.all_names(f.id)))]


def unlisted(doc: Doc, known: list[Hit], evidence: set[str], tables: FacilityTables) -> list[Hit]:
    """Names the list lacks, "X Correctional Facility" style, when the article is about US places."""
    if not evidence or not any(h in doc_text(doc) for h in _UNLISTED_HEADS):
        return []
    state = next(iter(evidence)) if len(evidence) == 1 else None
    hits = []
    for m in _UNLISTED.finditer(doc_text(doc)):
        prefix = [w for w in m.group(1).split() if w not in _LEADING_OK]
        start = m.start(1) + m.group(1).find(prefix[0]) if prefix else m.start(2)
        if not prefix or all(norm_name(w) in GENERIC_WORDS or norm_name(w) in tables.state_names for w in prefix):
            continue
        if any(h.start < m.end() and start < h.end for h in known):
            continue
        name = doc_text(doc)[start : m.end()]
        listed = _listed_under_longer_name(norm_name(name), evidence, tables.gaz)
        if listed is None:
            hits.append(Hit("facility", None, name, name, start, m.end(), "pattern", state))
        elif all(h.cid != listed.id for h in [*known, *hits]):
            hits.append(Hit("facility", listed.id, listed.name, name, start, m.end(), "pattern", listed.state))
    return hits


def _listed_under_longer_name(name: str, evidence: set[str], gaz: Gazetteer) -> Facility | None:
    """The one facility in the article's states whose listed name holds the pattern's name ("Huron Valley
    Correctional Facility" is Women's Huron Valley ...; "Metropolitan Detention Center" is MDC Brooklyn)."""
    found = {f.id: f for f in gaz.facilities.values()
             if f.state in evidence and any(f" {name} " in f" {n} " for n in gaz.all_names(f.id))}
    return next(iter(found.values())) if len(found) == 1 else None
