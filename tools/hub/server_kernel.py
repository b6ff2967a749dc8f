"""A learner's kernel, driven the way JupyterLab drives it: the Jupyter server's REST
API opens a session for a notebook, and code runs over the kernel's websocket.

Every request carries the learner's token, through the hub's proxy; nothing
runs on the server's machine but what the server itself starts.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import websocket
from local_hub import request


@dataclass
class Execution:
    """What one cell printed: stdout text, stderr text and the error, if any."""

    stdout: str = ""
    stderr: str = ""
    error: str | None = None
    outputs: list[dict] = field(default_factory=list)


class ServerKernel:
    """The kernel of a notebook's session on a Jupyter server (started if none runs)."""

    def __init__(self, server_url: str, token: str, notebook_path: str) -> None:
        self.server_url = server_url.rstrip("/")
        self.token = token
        session = request(
            f"{self.server_url}/api/sessions",
            token,
            "POST",
            {"path": notebook_path, "type": "notebook", "kernel": {"name": "python3"}},
        )
        self.session_id = session["id"]
        self.kernel_id = session["kernel"]["id"]
        parts = urlsplit(self.server_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        channels = f"{parts.path}/api/kernels/{quote(self.kernel_id)}/channels"
        self.socket = websocket.create_connection(
            f"{scheme}://{parts.netloc}{channels}",
            header=[f"Authorization: token {token}"],
            timeout=30,
        )
        self.client_session = uuid.uuid4().hex

    def execute(self, code: str, timeout_s: float = 300) -> Execution:
        """Run ``code`` as one cell; returns once the kernel is idle again."""
        msg_id = uuid.uuid4().hex
        self.socket.send(json.dumps(self._execute_request(msg_id, code)))
        result, replied, idle = Execution(), False, False
        deadline = time.monotonic() + timeout_s
        while not (replied and idle):
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise websocket.WebSocketTimeoutException
                self.socket.settimeout(remaining)
                frame = self.socket.recv()
            except websocket.WebSocketTimeoutException:
                raise TimeoutError(f"a cell ran over {timeout_s:.0f} s:\n{code[:300]}") from None
            if isinstance(frame, bytes):  # a message with binary buffers (widget images)
                continue
            message = json.loads(frame)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if message["channel"] == "shell" and kind == "execute_reply":
                replied = True
            elif kind == "status":
                idle = content["execution_state"] == "idle"
            elif kind == "stream":
                name = content["name"]
                setattr(result, name, getattr(result, name) + content["text"])
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
            elif kind in ("execute_result", "display_data"):
                result.outputs.append(content["data"])
        return result

    def _execute_request(self, msg_id: str, code: str) -> dict:
        header = {
            "msg_id": msg_id,
            "msg_type": "execute_request",
            "session": self.client_session,
            "username": "",
            "date": datetime.now(UTC).isoformat(),
            "version": "5.3",
        }
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        return {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }

    def close(self, shut_down: bool = False) -> None:
        """Close the websocket; with ``shut_down``, delete the session and its kernel."""
        self.socket.close()
        if shut_down:
            request(f"{self.server_url}/api/sessions/{self.session_id}", self.token, "DELETE")
