import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pipeline.errors import LockedError
from pipeline.locking import file_lock, run_lock


def test_file_lock_excludes_another_process(tmp_path: Path) -> None:
    lock = tmp_path / "run.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from pipeline.locking import file_lock\n"
         f"with file_lock(Path({str(lock)!r})):\n    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockedError, match=f"pid {holder.pid}"), file_lock(lock):
            pass
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    with file_lock(lock):  # released when its holder died
        pass


def test_run_lock_is_not_reentrant_and_is_released(engine: Engine, tmp_path: Path) -> None:
    with run_lock(engine, tmp_path), pytest.raises(LockedError), run_lock(engine, tmp_path):
        pass
    with run_lock(engine, tmp_path):
        pass
