"""Run the sandbox as a child process (standard library only).

The desktop app's ``--demo`` and the tests use this; it must not import the server modules,
so the app does not need starlette or uvicorn to import it::

    with SandboxProcess(["--rate", "off"]) as sandbox:
        httpx.get(f"{sandbox.url}/inference/{COLOR_RESULTS_ID}/results", headers=...)
"""

from __future__ import annotations

import collections
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Final, Self

BANNER_PATTERN: Final = re.compile(r"Vody sandbox listening on (http://\S+)")
DEFAULT_START_TIMEOUT: Final = 30.0
DEFAULT_STOP_TIMEOUT: Final = 10.0
_KEPT_LINES: Final = 200
# The folder that holds the vody_desktop package, so the child finds it from any working dir.
_PACKAGE_ROOT: Final = str(Path(__file__).resolve().parents[2])


class SandboxStartError(RuntimeError):
    """The sandbox exited, or did not print its address in time; the message has its output."""


class SandboxProcess:
    """A sandbox server in a child process, on a free loopback port by default.

    ``start()`` returns the base URL once the server prints it; ``stop()`` sends SIGTERM, kills
    after ``stop_timeout`` and waits. Output after the banner is read continuously so the child
    never blocks on a full pipe; the last lines are kept in ``output`` for error messages.
    """

    def __init__(
        self,
        extra_args: Sequence[str] = (),
        *,
        python: str = sys.executable,
        command: Sequence[str] | None = None,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
    ) -> None:
        """``command`` replaces the whole command line (tests use it to simulate failures)."""
        if command is None:
            command = [python, "-m", "vody_desktop.sandbox", "--port", "0", *extra_args]
        self.command: tuple[str, ...] = tuple(command)
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self._process: subprocess.Popen[str] | None = None
        self._url: str | None = None
        self._first_line: str | None = None
        self._first_line_seen = threading.Event()
        self._lines: collections.deque[str] = collections.deque(maxlen=_KEPT_LINES)
        self._readers: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:40123``; only after ``start()``."""
        if self._url is None:
            raise RuntimeError("the sandbox has not been started")
        return self._url

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def returncode(self) -> int | None:
        """The exit status once the process has ended, else None."""
        return None if self._process is None else self._process.poll()

    @property
    def output(self) -> str:
        """The last lines the process printed (stdout and stderr, interleaved)."""
        return "".join(self._lines)

    def start(self) -> str:
        """Start the process and wait for its address; raises SandboxStartError on failure."""
        if self._process is not None:
            raise RuntimeError("the sandbox was already started")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTHONIOENCODING"] = "utf-8"
        self._process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
        )
        assert self._process.stdout is not None
        assert self._process.stderr is not None
        self._readers = [
            threading.Thread(target=self._read, args=(self._process.stdout, True), daemon=True),
            threading.Thread(target=self._read, args=(self._process.stderr, False), daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        if not self._first_line_seen.wait(self.start_timeout):
            self.stop()
            raise SandboxStartError(
                f"the sandbox did not print its address within {self.start_timeout:g} s"
                + self._output_suffix()
            )
        match = BANNER_PATTERN.fullmatch((self._first_line or "").strip())
        if match is None:
            self.stop()
            status = f" (exit status {self.returncode})" if self.returncode is not None else ""
            raise SandboxStartError(
                f"the sandbox did not start{status}: expected 'Vody sandbox listening on URL' "
                f"first, got {self._first_line!r}" + self._output_suffix()
            )
        self._url = match.group(1)
        return self._url

    def stop(self) -> int | None:
        """Terminate (then kill) the process, wait for it and close its pipes; exit status."""
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            if sys.platform == "win32":
                process.terminate()
            else:
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        return process.returncode

    def _read(self, stream: IO[str], is_stdout: bool) -> None:
        try:
            for line in stream:
                if is_stdout and not self._first_line_seen.is_set():
                    self._first_line = line
                    self._first_line_seen.set()
                self._lines.append(line)
        except (OSError, ValueError):  # pipe closed under us
            pass
        finally:
            if is_stdout:
                self._first_line_seen.set()  # EOF before a banner: the process has died

    def _output_suffix(self) -> str:
        output = self.output.strip()
        return f"\n--- sandbox output ---\n{output}" if output else ""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
