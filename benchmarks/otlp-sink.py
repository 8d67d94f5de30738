"""OTLP http/protobuf receiver for the end-to-end benchmarks: answers 200 to every export and counts them per path.

    python3 benchmarks/otlp-sink.py PORT COUNT_FILE

Listens on 127.0.0.1 only; COUNT_FILE holds e.g. "/v1/logs=12 /v1/metrics=3 /v1/traces=40" after each export.
"""
import http.server
import sys
import threading

port, count_file = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
counts = {}


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1
            with open(count_file, "w") as f:
                f.write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Sink).serve_forever()
