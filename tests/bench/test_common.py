"""The benchmark suite's own helpers: measured processes and tables (no timing asserted)."""

from __future__ import annotations

from bench.common import PY, measure, table


def test_measure_reports_the_peak_memory_and_output_of_a_child() -> None:
    script = "import time; x = bytearray(60 * 1024 * 1024); print('stage=tag status=ok seconds=0.1'); time.sleep(0.3)"
    m = measure([PY, "-c", script]).check()
    assert m.returncode == 0
    assert m.peak_mb >= 60
    assert m.processes["python -c"] >= 60
    assert m.lines[0][1] == "stage=tag status=ok seconds=0.1"


def test_measure_reports_a_failing_command() -> None:
    m = measure([PY, "-c", "import sys; sys.exit(3)"])
    assert m.returncode == 3


def test_table_aligns_columns_and_leaves_missing_values_empty() -> None:
    text = table("t", [{"run": "a", "s": 1.234}, {"run": "bb", "s": None}], [("run", "run", ""), ("s", "sec", ".1f")])
    lines = text.splitlines()
    assert lines[1].split() == ["run", "sec"]
    assert lines[3].split() == ["a", "1.2"]
    assert lines[4].split() == ["bb"]
