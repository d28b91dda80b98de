"""Run the ``strikewatch`` CLI in-process and capture its output and exit code."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class CliRunner:
    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        from pipeline.cli import main

        out, err = io.StringIO(), io.StringIO()
        code = 0
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdin = old_stdin
        return Result(code, out.getvalue(), err.getvalue())
