"""JupyterHub started on this machine with ``jupyterhub_config.py``, and its REST API.

>>> with running_hub(Path("/tmp/hub")) as hub:  # doctest: +SKIP
...     hub.api("GET", "/users")
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """A server (the hub, JupyterLab) did not start; the message ends with its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def request(url: str, token: str, method: str = "GET", body: Any = None) -> Any:
    """A JSON request with ``Authorization: token``; the decoded answer (None if empty)."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    with urllib.request.urlopen(
        urllib.request.Request(url, data=data, method=method, headers=headers), timeout=30
    ) as response:
        answer = response.read()
    return json.loads(answer) if answer else None


@dataclass(frozen=True)
class Hub:
    """A running hub: its public URL, the test service's token and the learners' homes."""

    url: str
    api_token: str
    homes: Path
    log: Path

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """A request to the hub's REST API (``/hub/api`` + ``path``) as the test service."""
        return request(f"{self.url}/hub/api{path}", self.api_token, method, body)

    def user_token(self, name: str) -> str:
        """A new token of learner ``name`` that reaches their own server only."""
        model = self.api(
            "POST",
            f"/users/{name}/tokens",
            {"scopes": [f"access:servers!user={name}"], "note": "course hub test"},
        )
        return model["token"]

    def server_url(self, name: str) -> str:
        """Learner ``name``'s server, through the proxy (``.../user/<name>``)."""
        return f"{self.url}/user/{name}"

    def server_pid(self, name: str) -> int | None:
        """The process id of learner ``name``'s server (local spawner only), if it runs."""
        state = self.api("GET", f"/users/{name}")
        server = (state.get("servers") or {}).get("", {})
        return (server.get("state") or {}).get("pid")

    def home(self, name: str) -> Path:
        return self.homes / name


def _environment(state: Path, ports: dict[str, int], token: str, lab_settings: Path | None):
    env = dict(
        os.environ,
        COURSE_HUB_DIR=str(state),
        COURSE_HUB_PORT=str(ports["public"]),
        COURSE_HUB_API_PORT=str(ports["hub"]),
        COURSE_HUB_PROXY_API_PORT=str(ports["proxy"]),
        COURSE_HUB_API_TOKEN=token,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    if lab_settings is not None:
        env["COURSE_HUB_LAB_SETTINGS"] = str(lab_settings)
    return env


def wait_until_answering(
    url: str, token: str, process: subprocess.Popen, log: Path, what: str, timeout_s: float
) -> None:
    """Poll ``url`` until the server that ``process`` started answers; if the process exits
    or ``timeout_s`` passes first, raise :class:`ServerError` with the end of its ``log``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            request(url, token)
            return
        except (OSError, urllib.error.HTTPError):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text()[-4000:]
                raise ServerError(f"{what} did not start:\n{tail}") from None
            time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub (which stops the proxy and the learners' servers), then any leftover."""
    import psutil

    try:
        leftovers = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        leftovers = []
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in leftovers:
        with suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(leftovers, timeout=10)


@contextmanager
def running_hub(
    state: Path, lab_settings: Path | None = None, timeout_s: float = 90
) -> Iterator[Hub]:
    """JupyterHub on 127.0.0.1 with its state and learners' homes under ``state``."""
    if not PROXY.exists():
        raise FileNotFoundError(f"{PROXY} is missing: run tools/hub/install_proxy.sh")
    state.mkdir(parents=True, exist_ok=True)
    ports = {"public": free_port(), "hub": free_port(), "proxy": free_port()}
    token = secrets.token_hex(32)
    hub = Hub(f"http://{HOST}:{ports['public']}", token, state / "home", state / "hub.log")
    env = _environment(state, ports, token, lab_settings)
    command = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)]
    with hub.log.open("w") as log:
        process = subprocess.Popen(
            command, cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until_answering(
            f"{hub.url}/hub/api/", hub.api_token, process, hub.log, "JupyterHub", timeout_s
        )
        yield hub
    finally:
        _stop(process)
