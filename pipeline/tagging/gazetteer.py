"""The facility gazetteer (package data ``data/facilities.csv``): facilities, their safe aliases and short names.

Every alias resolves to candidate facilities; the tagger picks among them with the article's state evidence.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from pipeline.states import all_states
from pipeline.tagging.names import norm_name, proper_case


def _words(text: str) -> list[str]:
    return text.split()


# Head words that make "X <suffix>" a facility name whose X alone is a press short name ("Holman", "Smith").
GENERIC_SUFFIXES = (
    "state prison", "correctional facility", "correctional institution", "correctional center",
    "correctional complex", "state penitentiary", "penitentiary", "prison", "unit", "detention center",
    "ice processing center", "processing center", "correctional institution annex",
)
GENERIC_WORDS = frozenset(
    _words(
        "state prison prisons correctional correction corrections facility institution center complex "
        "county jail detention unit penitentiary city regional juvenile the of and for annex camp work "
        "release women mens womens men youth center adult federal ice processing service saint new north "
        "south east west central "
    )
)
_SHORT_TYPES = {"state_prison", "federal", "ice_detention"}
_ROMAN = re.compile(r"\s+(i|ii|iii|iv|v|vi)$")
_PAREN = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Facility:
    id: str
    name: str  # proper case, for people
    state: str | None
    city: str
    type: str
    open: bool


@dataclass
class Gazetteer:
    facilities: dict[str, Facility]
    safe: dict[str, list[str]] = field(default_factory=dict)  # normalised alias -> facility ids
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # normalised short name -> facility ids
    generic: dict[str, list[str]] = field(default_factory=dict)  # names of generic words only ("Men's Central Jail")
    names: dict[str, set[str]] = field(default_factory=dict)  # facility id -> normalised names and aliases
    spellings: dict[str, set[str]] = field(default_factory=dict)  # normalised alias -> spellings as written
    towns: set[str] = field(default_factory=set)  # normalised city names of all facilities
    curated: set[str] = field(default_factory=set)  # short names from the source's ambiguous_aliases
    curated_owners: dict[str, set[str]] = field(default_factory=dict)  # such a short name -> facilities it names

    def all_names(self, facility_id: str) -> set[str]:
        return self.names.get(facility_id, set())


def _variants(name: str) -> set[str]:
    """Spellings derived from a source name: without codes in parentheses, "& X" tails, ", CITY, ST" tails."""
    out = {name, _PAREN.sub("", name).strip()}
    for sep in (" & ", " / ", ", "):
        if sep in name:
            out.add(name.split(sep)[0].strip())
    if " ICE " in f" {name.upper()} ":
        for n in list(out):
            out.add(re.sub(r"\bICE\b", "Immigration and Customs Enforcement (ICE)", n, flags=re.I))
            out.add(re.sub(r"\bICE\b", "Immigration and Customs Enforcement", n, flags=re.I))
    return {v for v in out if v}


def _display_name(row: dict[str, str]) -> str:
    base = _PAREN.sub("", row["name"]).strip()
    if row["facility_id"].startswith("ice-") and ", " in base:
        base = base.split(", ")[0]
    return proper_case(base)


def _short_name(norm: str, ftype: str, state_names: set[str]) -> str | None:
    if ftype not in _SHORT_TYPES:
        return None
    for suffix in GENERIC_SUFFIXES:
        if norm.endswith(" " + suffix):
            head = _ROMAN.sub("", norm[: -len(suffix) - 1]).strip()
            words = head.split()
            if 1 <= len(words) <= 2 and len(head) >= 4 and head not in state_names \
                    and not all(w in GENERIC_WORDS for w in words):
                return head
            return None
    return None


_AGENCY = re.compile(r"\b(department|dept|sheriffs? office|sheriff|bureau|division|headquarters)\b")


def _is_safe(alias: str, state_names: set[str]) -> bool:
    words = alias.split()
    if _AGENCY.search(alias):  # "VIRGINIA DEPARTMENT OF CORRECTIONS" is an agency, not a place
        return False
    if len(words) < 2 or all(w in GENERIC_WORDS for w in words):
        return False
    rest = [w for w in words if w not in GENERIC_WORDS]
    return not (len(words) == 2 and " ".join(rest) in state_names)


_DISTINCT_GENERIC = frozenset({"central", "north", "south", "east", "west", "mens", "womens"})


def _is_generic_name(alias: str) -> bool:
    """A name made of generic words that still names one place when written out in capitals with its state in the
    article ("Men's Central Jail", "Central State Prison", "South Central Correctional Center")."""
    words = alias.split()
    long_enough = len(words) >= 3 or (len(words) == 2 and "central" in words)
    return long_enough and all(w in GENERIC_WORDS for w in words) and bool(_DISTINCT_GENERIC & set(words)) \
        and not _AGENCY.search(alias) and words[-1] not in ("of", "and", "the", "for")


def build_gazetteer(text: str) -> Gazetteer:
    state_names = {s.name.lower() for s in all_states().values()}
    gaz = Gazetteer(facilities={})
    safe: dict[str, set[str]] = defaultdict(set)
    amb: dict[str, set[str]] = defaultdict(set)
    generic: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(text.splitlines()):
        fid = row["facility_id"]
        fac = Facility(fid, _display_name(row), row["state"] or None, row["city"].title(), row["type"],
                       row["status"].startswith("open"))
        gaz.facilities[fid] = fac
        gaz.towns.add(norm_name(row["city"]))
        spellings = {row["name"], *filter(None, row["aliases"].split(";"))}
        variants = {v for s in spellings for v in _variants(s)}
        norms = {norm_name(v) for v in variants}
        for v in variants:
            gaz.spellings.setdefault(norm_name(v), set()).add(v)
        gaz.names[fid] = norms | {norm_name(fac.name)}
        for alias in norms:
            if _is_safe(alias, state_names):
                safe[alias].add(fid)
            elif _is_generic_name(alias):
                generic[alias].add(fid)
        shorts = {norm_name(a) for a in row["ambiguous_aliases"].split(";") if a}
        gaz.curated |= shorts
        for short in shorts:
            gaz.curated_owners.setdefault(short, set()).add(fid)
        shorts |= {s for n in norms if (s := _short_name(n, row["type"], state_names))}
        for short in shorts - set(safe):
            amb[short].add(fid)
    for town in gaz.towns & set(safe):  # a facility called just "SAN DIEGO" is not safe to match
        amb[town] |= safe.pop(town)
    gaz.safe = {k: sorted(v) for k, v in safe.items()}
    gaz.ambiguous = {k: sorted(v) for k, v in amb.items() if k not in gaz.safe}
    gaz.generic = {k: sorted(v) for k, v in generic.items() if k not in gaz.safe and k not in gaz.ambiguous}
    return gaz


@cache
def gazetteer() -> Gazetteer:
    text = resources.files("pipeline.tagging").joinpath("data/facilities.csv").read_text("utf-8")
    return build_gazetteer(text)


def best_candidate(gaz: Gazetteer, ids: list[str], alias: str) -> Facility:
    """Among candidates in one state: the one the press short name belongs to, the one named exactly so, then an
    open one, then the first by name."""
    facs = [gaz.facilities[i] for i in ids]
    owners = gaz.curated_owners.get(alias, set())
    return min(facs, key=lambda f: (f.id not in owners, alias not in gaz.all_names(f.id), len(f.name), not f.open,
                                    f.name))
