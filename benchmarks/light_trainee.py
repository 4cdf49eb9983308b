"""A trainee's chapter page as the server sees it, without a browser.

Asks the server for exactly what a trainee's Chromium asks for when it opens a chapter: the
page, then every script and style sheet the page loads (the list a real Chromium page loaded,
6 at a time like a browser), then the kernel's websocket, `kernel_info`, and the widget
manager's `request_states` on ipywidgets' control comm; then it clicks buttons as the widget
manager does (a `custom` click message on the button's comm) and waits for the kernel to have
sent every update of that click (its `idle` status).

What it times is the server's part of a render and of a click; the browser's own work (parsing
the scripts, drawing the widgets) is not in it: measure it with one real browser alone.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

PARALLEL_FETCHES = 6  # a browser's connections per host


def message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                       "username": "trainee", "version": "5.4",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
            "buffers": []}


def decode(frame: str | bytes) -> dict:
    """A message of Jupyter's websocket protocol (JSON text, or binary with buffers)."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
    return json.loads(frame[offsets[0]:offsets[1] if count > 1 else None])


class LightTrainee:
    """One trainee: `open_chapter`, then `click` buttons by their label."""

    def __init__(self, url: str, code: str, assets: list[str]) -> None:
        self.url, self.code, self.assets = url, code, assets
        self.http = AsyncHTTPClient(force_instance=True, max_clients=PARALLEL_FETCHES)
        self.session = uuid.uuid4().hex
        self.socket = None
        self.kernel = ""
        self.states: dict[str, dict] = {}  # widget model id -> its state

    async def get(self, path: str) -> bytes:
        sep = "&" if "?" in path else "?"
        answer = await self.http.fetch(HTTPRequest(f"{self.url}{path}{sep}token={self.code}",
                                                   request_timeout=180, connect_timeout=180))
        return answer.body

    async def open_chapter(self, chapter: str) -> None:
        """The page, its scripts, the kernel's websocket and every widget's state."""
        page = (await self.get(f"/voila/render/{chapter}")).decode()
        kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]
        await asyncio.gather(*(self.get(path) for path in self.assets))
        ws_url = (self.url.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
                  f"?session_id={self.session}&token={self.code}")
        self.kernel = kernel
        self.socket = await websocket_connect(ws_url, connect_timeout=180, max_message_size=2**28)
        await self.request(message("kernel_info_request", {}, self.session))
        control = uuid.uuid4().hex
        opening = message("comm_open", {"comm_id": control, "data": {},
                                         "target_name": "jupyter.widget.control"}, self.session)
        opening["metadata"] = {"version": "1.0.0"}  # the control comm's protocol
        await self.send(opening)
        reply = await self.send_and_wait(
            message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}},
                    self.session),
            lambda m: m["msg_type"] == "comm_msg" and m["content"]["data"].get("method")
            == "update_states")
        self.states = {k: v["state"] for k, v in reply["content"]["data"]["states"].items()}

    async def click(self, label: str) -> None:
        """Click the button labelled `label` and wait until the kernel has sent the click's
        updates (new widgets included)."""
        ids = [k for k, s in self.states.items()
               if s.get("description") == label and s.get("_model_name") == "ButtonModel"]
        if not ids:
            raise LookupError(f"no button « {label} » among the page's widgets")
        # The newest such button is the one on screen (a screen built on its first display).
        request = message("comm_msg", {"comm_id": ids[-1], "data": {
            "method": "custom", "content": {"event": "click"}}}, self.session)
        await self.request(request)

    async def request(self, request: dict) -> None:
        """Send `request` and read every message until the kernel is idle again after it."""
        msg_id = request["header"]["msg_id"]
        await self.send_and_wait(request, lambda m: m["msg_type"] == "status"
                                 and m["content"]["execution_state"] == "idle", parent=msg_id)

    async def send(self, request: dict) -> None:
        await self.socket.write_message(json.dumps(request))

    async def send_and_wait(self, request: dict, done, parent: str | None = None) -> dict:
        await self.send(request)
        parent = parent or request["header"]["msg_id"]
        while True:
            frame = await asyncio.wait_for(self.socket.read_message(), timeout=180)
            if frame is None:
                raise ConnectionError("the kernel's websocket closed")
            msg = decode(frame)
            msg["msg_type"] = msg["header"]["msg_type"]
            if msg["msg_type"] == "comm_open":
                data = msg["content"].get("data", {})
                self.states[msg["content"]["comm_id"]] = data.get("state", {})
            elif msg["msg_type"] == "comm_msg":
                data = msg["content"].get("data", {})
                if data.get("method") == "update" and msg["content"]["comm_id"] in self.states:
                    self.states[msg["content"]["comm_id"]].update(data.get("state", {}))
            if msg.get("parent_header", {}).get("msg_id") == parent and done(msg):
                return msg

    async def leave(self) -> None:
        """Close the page: its kernel is shut down (what the page's close beacon asks for)."""
        if self.socket is not None:
            self.socket.close()
            await self.http.fetch(HTTPRequest(
                f"{self.url}/api/kernels/{self.kernel}?token={self.code}", method="DELETE",
                request_timeout=60), raise_error=False)
        self.http.close()
