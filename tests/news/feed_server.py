"""A local HTTP server (http.server in a thread on 127.0.0.1) serving good, malformed, huge, slow
and redirecting feeds, for the news tests. It records each request's path and headers.

    with FeedServer() as server:
        server.url("/good.rss")      # http://127.0.0.1:<port>/good.rss
        server.requests              # [(path, {header: value})]
"""

import gzip
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ETAG = '"feed-v1"'
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


def _date(n):
    return formatdate(1_700_000_000 + n * 3600, usegmt=True)


def rss(items, title="Local Government News"):
    entries = "".join(
        f"""<item><title>{t}</title><link>https://news.example.org/{n}</link>
        <guid>urn:local:{n}</guid><pubDate>{_date(n)}</pubDate>
        <description><![CDATA[{d}]]></description></item>"""
        for n, (t, d) in enumerate(items)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://news.example.org/</link>
<description>News</description>{entries}</channel></rss>""".encode()


GOOD_ITEMS = [
    ("Councils share flood plans", "<p>Plans from <strong>Somerset</strong>.</p>"),
    (
        "New adoption guidance",
        '<p onclick="steal()">Read it <a href="javascript:alert(1)">here</a>'
        '<script>alert("x")</script><img src="https://tracker.example/p.gif"></p>',
    ),
    ("Digital services update", "<p>Three councils went live.</p>"),
]
GOOD_RSS = rss(GOOD_ITEMS)
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:atom</id>
<updated>2026-01-02T10:00:00Z</updated>
<entry><title>Atom entry one</title><id>urn:atom:1</id><link href="https://atom.example.org/1"/>
<updated>2026-01-01T10:00:00Z</updated><summary>First &lt;b&gt;entry&lt;/b&gt;</summary></entry>
<entry><title>Atom entry two</title><id>urn:atom:2</id><link href="https://atom.example.org/2"/>
<updated>2026-01-02T10:00:00Z</updated><summary>Second entry</summary></entry>
</feed>"""
MALFORMED = b"<?xml version='1.0'?><rss><channel><title>Broken</title><item><title>Half"
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>"
BIG = 3 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None, content_type="application/rss+xml"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}) and body is not None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send(status, b"", {"Location": location}, "text/plain")

    def do_GET(self):  # noqa: C901 - one branch per test feed
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        self.server.requests.append((self.path, dict(self.headers.items())))
        if path == "/good.rss":
            if self.headers.get("If-None-Match") == ETAG:
                return self.send(304, None, {"ETag": ETAG})
            return self.send(200, GOOD_RSS, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        if path == "/changed.rss":
            return self.send(200, rss([("Councils share flood plans (updated)", "<p>v2</p>")]))
        if path == "/atom.xml":
            return self.send(200, ATOM, content_type="application/atom+xml")
        if path == "/many.rss":
            items = [(f"Item number {n}", f"<p>Body {n}</p>") for n in range(80)]
            return self.send(200, rss(items))
        if path == "/malformed.xml":
            return self.send(200, MALFORMED)
        if path == "/page.html":
            return self.send(200, HTML_PAGE, content_type="text/html")
        if path == "/huge.xml":
            body = b"<rss>" + b" " * BIG
            return self.send(200, body)
        if path == "/huge-streamed.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(BIG // 65536 + 2):
                    self.wfile.write(b" " * 65536)
            except OSError:
                pass
            return None
        if path == "/gzip-bomb.xml":
            body = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024))
            return self.send(200, body, {"Content-Encoding": "gzip"})
        if path == "/slow.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for _ in range(100):  # 1 byte every 0.2 s: never a read timeout, but endless
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        if path == "/hang.xml":
            time.sleep(6)  # says nothing at all
            return None
        if path == "/missing.xml":
            return self.send(404, b"not here", content_type="text/plain")
        if path == "/redirect-good":
            return self.redirect("/good.rss", 301)
        if path == "/redirect-loop":
            return self.redirect("/redirect-loop")
        if path == "/redirect-to":
            return self.redirect(query["to"][0])
        return self.send(404, b"unknown test path", content_type="text/plain")


class FeedServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def port(self):
        return self.httpd.server_address[1]

    @property
    def requests(self):
        return self.httpd.requests

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
