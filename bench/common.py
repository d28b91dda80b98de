"""Shared helpers of the benchmark suite: measured child processes (time, peak resident memory of each process in
the tree), machine and version information, tables, and JSON results in ``bench/results/``.

Peak memory is read from Linux's ``/proc/<pid>/status`` (``VmHWM``, the high-water mark of the resident set,
sampled every 50 ms for every process of the tree) and, for the whole tree, from ``wait4``'s ``ru_maxrss``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PACKAGES = ("scrapy", "twisted", "spacy", "sqlalchemy", "jinja2", "numpy", "trafilatura", "feedparser", "lxml")


# --- measured processes -----------------------------------------------------------------------------------------


@dataclass
class Measured:
    """One finished command: wall time, exit code, output lines with their time, peak RSS per process."""

    cmd: list[str]
    seconds: float
    returncode: int
    peak_mb: float  # the largest process of the tree (wait4's ru_maxrss)
    processes: dict[str, float] = field(default_factory=dict)  # label -> peak RSS (MB), sampled VmHWM
    lines: list[tuple[float, str]] = field(default_factory=list)  # (seconds since start, stdout line)
    rss: list[tuple[float, float]] = field(default_factory=list)  # (seconds, RSS MB of the root process)
    stderr: str = ""

    @property
    def stdout(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def check(self) -> Measured:
        if self.returncode != 0:
            tail = (self.stdout + "\n" + self.stderr)[-3000:]
            raise SystemExit(f"benchmark command failed ({self.returncode}): {' '.join(self.cmd)}\n{tail}")
        return self


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def _kb(value: str | None) -> float:
    return int(value.split()[0]) / 1024 if value else 0.0


def _children(root: int) -> list[int]:
    """``root`` and its descendants (from /proc/<pid>/task/*/children)."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
        except OSError:  # the process has just exited
            continue
        for task in tasks:
            try:
                todo += [int(p) for p in task.read_text().split()]
            except OSError:
                continue
    return found


def _label(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return str(pid)
    argv = [a for a in argv if a]
    if "-m" in argv:
        i = argv.index("-m")
        rest = argv[i + 2:i + 3]
        return " ".join([argv[i + 1], *(a for a in rest if not a.startswith("-") and "/" not in a)])
    if "-c" in argv:
        return "python -c"
    return Path(argv[0]).name if argv else str(pid)


def measure(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None,
            interval: float = 0.05, echo: bool = False) -> Measured:
    """Run ``cmd``; sample the peak RSS of every process in its tree; return time, output and memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=dict(env) if env is not None else None, cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: list[tuple[float, str]] = []
    err: list[str] = []
    assert proc.stdout is not None and proc.stderr is not None
    readers = [threading.Thread(target=_read, args=(proc.stdout, lines, start, echo), daemon=True),
               threading.Thread(target=_read, args=(proc.stderr, err, None, False), daemon=True)]
    for reader in readers:
        reader.start()
    peaks: dict[int, tuple[str, float]] = {}
    rss: list[tuple[float, float]] = []
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            _sample(proc.pid, peaks, rss, start)
            time.sleep(interval)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    seconds = time.perf_counter() - start
    for reader in readers:
        reader.join()
    proc.stdout.close()
    proc.stderr.close()
    by_label: dict[str, float] = {}
    for label, mb in peaks.values():
        by_label[label] = max(by_label.get(label, 0.0), mb)
    return Measured(list(cmd), seconds, proc.returncode, usage.ru_maxrss / 1024, by_label, lines, rss, "".join(err))


def _sample(root: int, peaks: dict[int, tuple[str, float]], rss: list[tuple[float, float]], start: float) -> None:
    for pid in _children(root):
        status = _status(pid)
        if not status:
            continue
        label = peaks[pid][0] if pid in peaks else _label(pid)
        peaks[pid] = (label, max(peaks.get(pid, ("", 0.0))[1], _kb(status.get("VmHWM"))))
        if pid == root:
            rss.append((time.perf_counter() - start, _kb(status.get("VmRSS"))))


def _read(stream: Any, into: list[Any], start: float | None, echo: bool) -> None:
    for line in stream:
        if start is None:
            into.append(line)
            continue
        into.append((time.perf_counter() - start, line.rstrip("\n")))
        if echo:
            print("   |", line.rstrip("\n"), flush=True)


def self_peak_mb() -> float:
    """Peak RSS (MB) of this process so far."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_env(tmp: Path, **extra: str) -> dict[str, str]:
    """Environment for ``strikewatch`` child processes on a database and data folder in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIKEWATCH_")}
    env.update(STRIKEWATCH_DATABASE_URL=f"sqlite:///{tmp}/bench.db", STRIKEWATCH_DATA_DIR=str(tmp),
               PYTHONPATH=str(ROOT), **extra)
    return env


# --- machine, versions, output ------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    mem = _status_file("/proc/meminfo").get("MemTotal", "0 kB")
    return {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
            "memory_mb": round(_kb(mem)), "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpu": _cpu_model()}


def _status_file(path: str) -> dict[str, str]:
    try:
        text = Path(path).read_text()
    except OSError:
        return {}
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines())}


def _cpu_model() -> str:
    return _status_file("/proc/cpuinfo").get("model name", platform.processor())


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    found["strikewatch"] = _git_commit()
    return found


def _git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def table(title: str, rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, str, str]]) -> str:
    """A plain-text table: ``columns`` are (key, header, format spec such as '.1f')."""
    rows = list(rows)
    cells = [[format(r.get(k, ""), f) if r.get(k) is not None and r.get(k) != "" else "" for k, _, f in columns]
             for r in rows]
    widths = [max([len(h), *(len(c[i]) for c in cells)]) for i, (_, h, _) in enumerate(columns)]
    left = [i == 0 or not f for i, (_, _, f) in enumerate(columns)]  # text columns left, figures right

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) if lt else v.rjust(w) for v, w, lt in zip(values, widths, left, strict=True))

    lines = [title, line([h for _, h, _ in columns]), "  ".join("-" * w for w in widths), *map(line, cells)]
    text = "\n".join(row.rstrip() for row in lines)
    print(text, flush=True)
    return text


def write_result(name: str, figures: Mapping[str, Any], quick: bool, started: datetime) -> Path:
    """Write ``bench/results/<name>[-quick].json`` with the figures, the machine and the versions."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}{'-quick' if quick else ''}.json"
    data = {"benchmark": name, "quick": quick, "started": started.isoformat(timespec="seconds"),
            "finished": now().isoformat(timespec="seconds"), "machine": machine(), "versions": versions(),
            "figures": figures}
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
    return path


def now() -> datetime:
    return datetime.now(UTC)
