"""`timeline serve`: Datasette over a snapshot published to a temporary folder (`tl.serve`).

Decisions encoded here (* where the issue is silent):
- Datasette is the engine, run as its own process (`python -m datasette serve`) with the
  interpreter running timeline, so timeline itself never imports it: its start-up stays what
  it was, and a missing Datasette is found by looking for the module, without loading it. The
  message names the exact install command for this interpreter (`REQUIREMENT` is the `serve`
  extra's pin; a test keeps them equal).
- The snapshot is opened immutable (`-i`): no write can bypass the history and undo.
- The port is checked before anything is published: one in use (or a host that cannot be
  bound) is a `UsageError` naming it (exit 2). *Port 0 asks for any free port; the URL printed
  says which.
- *Datasette's facets get 1 s (its default is 0.2 s, which the array facets of a 100,000-event
  chronology need more than); its facet suggestions are off (they time out on a large view and
  only add noise beside the configured facets).
- The server is ready when it answers `/-/versions.json`; a Datasette that exits before that is
  a `UsageError` with its exit code (its own messages went to the log stream).
- Stopping (`Server.stop`, the end of the `with` block, Ctrl-C in the command) ends the Datasette
  process (SIGTERM, then SIGKILL after 10 s) and removes the temporary folder.
"""

from __future__ import annotations

import errno
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from timeline.errors import UsageError

if TYPE_CHECKING:
    from timeline.api.publish import Published
    from timeline.api.timeline import Timeline

REQUIREMENT = "datasette>=0.65,<1"
"""The Datasette `timeline[serve]` installs (pyproject.toml's `serve` extra)."""
SETTINGS = (("facet_time_limit_ms", "1000"), ("suggest_facets", "off"))
READY_SECONDS = 60.0
STOP_SECONDS = 10.0


def datasette_installed() -> bool:
    """Whether this interpreter can import Datasette (looked up, not imported)."""
    from importlib.util import find_spec

    try:
        return find_spec("datasette") is not None
    except (ImportError, ValueError):
        return False


def install_command() -> str:
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(REQUIREMENT)}"


def free_port(host: str, port: int) -> int:
    """`port` if it can be bound on `host` now (any free one for 0), else a `UsageError`."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except (socket.gaierror, UnicodeError) as err:
        raise UsageError(f"cannot serve on host {host!r}: {err}") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OverflowError:
            raise UsageError(f"--port {port} is not a port (0-65535)") from None
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise UsageError(
                    f"port {port} on {host} is in use; choose another with --port "
                    "(0 picks a free one)"
                ) from None
            raise UsageError(f"cannot serve on {host} port {port}: {err.strerror}") from None
        return int(probe.getsockname()[1])


class Server:
    """Datasette serving `tl` read-only from a temporary folder; a context manager.

    `url` is where it answers, `pid` its process id; `wait()` blocks until it exits."""

    def __init__(
        self,
        tl: Timeline,
        *,
        host: str = "127.0.0.1",
        port: int = 8001,
        title: str | None = None,
        log: IO[str] | None = None,
    ) -> None:
        self.tl, self.host, self.port, self.title, self.log = tl, host, port, title, log
        self.folder: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self._pid = 0
        self.published: Published | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def page(self) -> str:
        """The chronology's page."""
        from timeline.api.datasette import DATABASE

        return f"{self.url}{DATABASE}/chronology"

    @property
    def pid(self) -> int:
        """The Datasette process's id (0 before it started)."""
        return self._pid

    def start(self) -> Server:
        from timeline.api.publish import publish

        if not datasette_installed():
            raise UsageError(
                "serve needs Datasette (the `serve` extra), which is not installed; "
                f"install it with: {install_command()}"
            )
        self.port = free_port(self.host, self.port)
        self.folder = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
        try:
            self.published = publish(self.tl, str(self.folder), title=self.title)
            self.proc = subprocess.Popen(self._command(), stdin=subprocess.DEVNULL,
                                         stdout=self.log, stderr=self.log)  # fmt: skip
            self._pid = self.proc.pid
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _command(self) -> list[str]:
        assert self.published is not None
        settings = [part for name, value in SETTINGS for part in ("--setting", name, value)]
        return [
            sys.executable, "-m", "datasette", "serve",
            "-i", str(self.published.database), "-m", str(self.published.metadata),
            "--host", self.host, "--port", str(self.port), *settings,
        ]  # fmt: skip

    def _wait_ready(self) -> None:
        assert self.proc is not None
        probe_host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        probe = self.url.replace(self.host, probe_host, 1) + "-/versions.json"
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code is not None:
                raise UsageError(f"Datasette exited (code {code}) before serving {self.url}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise UsageError(f"Datasette did not answer at {self.url} within {READY_SECONDS:.0f} s")

    def wait(self) -> int:
        """Until Datasette exits; its exit code."""
        assert self.proc is not None
        return self.proc.wait()

    def stop(self) -> None:
        """End Datasette (if it runs) and remove the temporary folder."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
