"""A real HTTP server on 127.0.0.1 (a free port, a thread) replaying Sirene's and the BAN's documented answers.

The files beside this module are answers in each API's format (recherche-entreprises' OpenAPI `payload`; the BAN's
GeoCodeJSON FeatureCollection; the BAN's CSV result columns), chosen by what the request asks:

- `GET /search?q=<siret>` (Sirene): `sirene/<siret>.json`, else `sirene/empty.json` (no result);
- `GET /search/?q=<address>&citycode=…` (BAN): SEARCHES[q], else `ban/empty.json`;
- `POST /search/csv/` (BAN): the CSV sent, each row followed by the result columns of `ban/csv_rows.json` for the
  text of its `columns` (or "not-found"), as the service writes them.

`mode` makes it fail as a real service does: "error" (HTTP 500), "slow" (answers after `delay` seconds), "cut"
(a CSV answer cut after its first row);
`stop()` leaves the port closed (connection refused). `requests` lists what it received (method, path, params).
"""

import csv
import io
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HERE = Path(__file__).parent
SEARCHES = {"2 rue Eugène Varlin": "ban/housenumber.json", "Ancienne gare du tacot": "ban/low_score.json"}
CSV_RESULT_COLUMNS = [
    "latitude", "longitude", "result_score", "result_score_next", "result_label", "result_type", "result_id",
    "result_housenumber", "result_name", "result_street", "result_postcode", "result_city", "result_context",
    "result_citycode", "result_oldcitycode", "result_oldcity", "result_district", "result_status",
]  # fmt: skip


class ReplayServer:
    def __init__(self):
        self.mode = "ok"
        self.delay = 1.0
        self.requests: list[tuple[str, str, dict]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "ReplayServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.requests if (m, p) == (method, path))


def _handler(replay: ReplayServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet in the tests' output
            pass

        def do_GET(self):
            url = urlsplit(self.path)
            params = {key: values[-1] for key, values in parse_qs(url.query).items()}
            replay.requests.append(("GET", url.path, params))
            if self._failing():
                return
            if url.path == "/search":
                name = f"sirene/{params.get('q', '')}.json"
                self._send(200, "application/json", _file(name if (HERE / name).exists() else "sirene/empty.json"))
            elif url.path == "/search/":
                self._send(200, "application/json", _file(SEARCHES.get(params.get("q", ""), "ban/empty.json")))
            else:
                self._send(404, "application/json", b'{"erreur": "Not found"}')

        def do_POST(self):
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            fields = _multipart(self.headers.get("Content-Type", ""), body)
            replay.requests.append(("POST", url.path, {k: v for k, v in fields.items() if k != "data"}))
            if self._failing():
                return
            if url.path != "/search/csv/" or "data" not in fields:
                self._send(400, "application/json", b'{"code": 400, "message": "A CSV file must be provided"}')
                return
            answer = _geocoded_csv(fields["data"], fields.get("columns", ""))
            if replay.mode == "cut":  # the service stopped half-way: the header and the first row only
                answer = b"\n".join(answer.split(b"\n")[:2]) + b"\n"
            self._send(200, "text/csv; charset=utf-8", answer)

        def _failing(self) -> bool:
            if replay.mode == "error":
                self._send(500, "text/html", b"<h1>500 Internal Server Error</h1>")
                return True
            if replay.mode == "slow":
                time.sleep(replay.delay)
            return False

        def _send(self, status: int, content_type: str, body: bytes):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
                pass

    return Handler


def _file(name: str) -> bytes:
    return (HERE / name).read_bytes()


def _multipart(content_type: str, body: bytes) -> dict:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields = {}
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        fields[part.get_param("name", header="content-disposition")] = payload.decode("utf-8")
    return fields


def _geocoded_csv(text: str, column: str) -> bytes:
    known = json.loads(_file("ban/csv_rows.json"))
    rows = csv.DictReader(io.StringIO(text))
    out = io.StringIO()
    writer = csv.DictWriter(out, [*rows.fieldnames, *CSV_RESULT_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        found = known.get(row.get(column, ""))
        writer.writerow(row | (found or dict.fromkeys(CSV_RESULT_COLUMNS, "") | {"result_status": "not-found"}))
    return out.getvalue().encode()


def serve(settings, *, timeout_ms: int = 500) -> ReplayServer:
    """A started replay server, with both services turned on and pointed at it (short timeout, as a slow service
    would be cut)."""
    server = ReplayServer().start()
    settings.SIRENE_ENABLED = settings.GEOCODING_ENABLED = True
    settings.SIRENE_API_URL = settings.GEOCODING_API_URL = server.url
    settings.REFERENCE_API_TIMEOUT_MS = timeout_ms
    settings.REFERENCE_API_BATCH_TIMEOUT_SECONDS = 5
    return server
