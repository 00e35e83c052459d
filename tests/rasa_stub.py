"""A small local HTTP stand-in for Rasa, used ONLY by the webchat unit tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RasaStub:
    def __init__(self):
        self.requests: list[tuple[str, str, object]] = []
        self.mode = "ok"  # ok | empty | error
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _reply(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> object:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"null")

            def do_POST(self):
                body = self._body()
                stub.requests.append(("POST", self.path, body))
                if stub.mode == "error":
                    return self._reply(500, {"error": "boom"})
                if stub.mode == "empty":
                    return self._reply(200, [])
                sender = body["sender"]
                return self._reply(200, [
                    {"recipient_id": sender, "text": "Intieme terreur is ...",
                     "buttons": [{"title": "Signalen", "payload": "/ask_signalen"}]},
                    {"recipient_id": sender, "custom": {"sources": [
                        {"title": "Regiovisie", "url": None}]}},
                    {"recipient_id": sender, "text": "Nog iets?"},
                ])

            def do_PUT(self):
                stub.requests.append(("PUT", self.path, self._body()))
                self._reply(200, {})

            def do_GET(self):
                self._reply(200, {"ok": True})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval: shutdown() waits for the next poll (0.5 s by default).
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
