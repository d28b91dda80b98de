"""Small pure helpers for names: token normalisation (shared by patterns and texts) and proper-casing."""

from __future__ import annotations

import re

# Token spellings that mean the same in facility names ("St." = "Saint", "&" = "and").
_TOKEN_NORMS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "&": "and", "co": "county",
                "ctr": "center", "centre": "center", "corr": "correctional", "fac": "facility"}
_ACRONYMS = {"ICE", "FCI", "USP", "FDC", "MDC", "MCC", "FMC", "FPC", "FCC", "FTC", "FSL", "MCFP", "SCI", "ADX",
             "CCA", "GEO", "DOC", "SPC", "CDF", "BOP", "USMS", "ASPC", "CSP", "CI", "CF", "CC", "ISP", "MCF", "USDB",
             "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "NY", "LA", "DC", "US", "U.S.", "JTF", "ERO",
             "CMCF", "SATF", "ASP", "SP", "LLC", "TGK", "NW", "NE", "SW", "SE", "ICDC", "MCI", "FDCA", "CBP", "ORR"}
_SMALL = {"of", "for", "and", "at", "the", "in", "on", "a", "to", "de", "del"}
_PUNCT = re.compile(r"[^\w\s]")


def norm_token(text: str) -> str:
    """A token's matching form: lower case, no dots or apostrophes, common abbreviations spelled out."""
    low = text.lower()
    if low in ("&", "#"):
        return _TOKEN_NORMS.get(low, low)
    stripped = low.replace(".", "").replace("'", "").replace("’", "")
    stripped = stripped or low
    return _TOKEN_NORMS.get(stripped, stripped)


def norm_name(text: str) -> str:
    """A whole name's comparison form: case, punctuation and spacing ignored ("Eric M. Taylor" = "ERIC M TAYLOR")."""
    words = _PUNCT.sub(" ", text.replace("&", " and ").replace("'", "").replace("’", "")).lower().split()
    return " ".join(_TOKEN_NORMS.get(w, w) for w in words)


def proper_case(name: str) -> str:
    """UPPER CASE source names in title case, keeping acronyms and roman numerals ("Sussex II State Prison")."""
    out: list[str] = []
    for i, word in enumerate(name.split()):
        bare = word.strip("(),")
        if bare.upper() in _ACRONYMS and bare.isupper():
            out.append(word)
        elif i > 0 and word.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(_cap(part) for part in word.split("-")))
    return " ".join(out)


def _cap(part: str) -> str:
    lead = 1 if part[:1] in ("(", '"', "'", "#") and len(part) > 1 else 0
    return part[: lead + 1].upper() + part[lead + 1 :].lower()
