"""Fetching a feed from the internet without letting a feed address reach inside our network.

A feed URL is chosen by a member, so it is untrusted input for a server-side request (SSRF).
Every hop (the first request and each redirect) is checked the same way:

1. Only http and https, no user name or password in the address.
2. The host is turned into addresses: an IP literal in any spelling the C library accepts
   (dotted, decimal `2130706433`, octal `0177.0.0.1`, hex `0x7f.1`, short `127.1`, IPv6) is
   normalised; a name is resolved with getaddrinfo.
3. Every address must be a public internet address: loopback, private, link-local (including
   the cloud metadata address 169.254.169.254), shared, multicast, reserved and unspecified
   addresses are refused, also when wrapped in IPv6 (IPv4-mapped `::ffff:127.0.0.1`,
   IPv4-compatible `::127.0.0.1`, 6to4, NAT64). If any address is refused, the hop is refused.
4. The connection goes to the address that was checked, never to the name again, with the
   original name in the Host header and in TLS (SNI and certificate check). So a DNS answer that
   changes between the check and the connection ("DNS rebinding") cannot redirect us.

Redirects are followed by hand (at most MAX_REDIRECTS), each re-checked. Each socket operation has
a timeout and the whole fetch a deadline (a timer shuts the socket when it passes, so a server
that trickles bytes cannot hold a worker); the body is read in pieces up to a size limit
(compressed bodies are limited after decompression). Conditional GET: the feed's ETag and
Last-Modified are sent back, and 304 means nothing changed.

`settings.NEWS_ALLOWED_NETWORKS` lists networks that are accepted although not public. It is
empty except in tests, which set it to the exact address of their local feed server.
"""

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    """Why a feed could not be fetched, in words for the facilitator."""


class RefusedAddress(FetchError):
    """The address is not a public internet address (or not an http/https address at all).
    `reason` is the sentence without the "refused:" in front, for forms."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(_("refused: %(reason)s") % {"reason": reason})


@dataclass
class FetchResult:
    status: int  # 200, or 304 (not modified)
    body: bytes
    url: str  # after redirects
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""


def _limits():
    return {
        "max_bytes": settings.NEWS_MAX_BYTES,
        "timeout": settings.NEWS_TIMEOUT_SECONDS,
        "deadline": settings.NEWS_DEADLINE_SECONDS,
    }


def allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.NEWS_ALLOWED_NETWORKS]


# --- addresses ---------------------------------------------------------------------------------
def literal_address(host):
    """The IP address `host` spells, in any form inet_aton/inet_pton accept, or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fA-FxX.]+", host) and re.match(r"^[0-9]", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def embedded_ipv4(address):
    """The IPv4 address an IPv6 address carries (mapped, compatible, 6to4, NAT64), or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64 or address in IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _not_public(address):
    return (
        not address.is_global
        or address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or (address.version == 6 and address.is_site_local)
    )


def check_address(address, networks=None):
    """Raise RefusedAddress unless `address` (an ipaddress object) is a public address, or is
    inside one of the allowed networks."""
    networks = allowed_networks() if networks is None else networks
    candidates = [address]
    inner = embedded_ipv4(address)
    if inner is not None:
        candidates.append(inner)
    if any(
        c in network for c in candidates for network in networks if c.version == network.version
    ):
        return address
    for candidate in candidates:
        if _not_public(candidate):
            raise RefusedAddress(
                _(
                    "the address %(address)s is not a public internet address (it points inside a "
                    "private network or at this server)."
                )
                % {"address": address}
            )
    return address


def check_url(url):
    """(scheme, host, port, target) for an http(s) URL, or RefusedAddress."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise RefusedAddress(
            _("the address is not valid (%(error)s).") % {"error": error}
        ) from None
    scheme = (parts.scheme or "").lower()
    if scheme not in {"http", "https"}:
        raise RefusedAddress(_("only http:// and https:// addresses can be fetched."))
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress(_("addresses with a user name or password are not accepted."))
    host = parts.hostname
    if not host:
        raise RefusedAddress(_("the address has no host name."))
    if any(ord(c) < 33 for c in url):
        raise RefusedAddress(_("the address contains spaces or control characters."))
    port = port or (443 if scheme == "https" else 80)
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return scheme, host, port, target


def resolve(host, port, *, resolver=None):
    """Every address `host` stands for, each checked. Returns the list (first one is used)."""
    literal = literal_address(host)
    if literal is not None:
        return [check_address(literal)]
    resolver = resolver or socket.getaddrinfo
    try:
        infos = resolver(host, port, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise FetchError(
            _("the host name %(host)s could not be found (%(error)s).")
            % {"host": host, "error": error}
        ) from None
    addresses = []
    for info in infos:
        raw = info[4][0].split("%", 1)[0]  # drop an IPv6 zone id
        address = ipaddress.ip_address(raw)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(_("the host name %(host)s could not be found.") % {"host": host})
    for address in addresses:
        check_address(address)
    return addresses


# --- connections pinned to the checked address -------------------------------------------------
def _open_socket(address, port, timeout, connect):
    return connect((str(address), port), timeout)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks HTTP to `address` while naming `host` in the Host header."""

    def __init__(self, host, port, *, address, timeout, connect):
        super().__init__(host, port, timeout=timeout)
        self.address, self._connect = address, connect

    def connect(self):
        self.sock = _open_socket(self.address, self.port, self.timeout, self._connect)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to `address`, with SNI and certificate checks for `host` (the name, not the IP)."""

    def __init__(self, host, port, *, address, timeout, connect):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address, self._connect = address, connect

    def connect(self):
        sock = _open_socket(self.address, self.port, self.timeout, self._connect)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _shutdown(connection):
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_body(response, connection, *, max_bytes, deadline, timeout):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            _("the feed is larger than the limit of %(size)s KB.") % {"size": max_bytes // 1024}
        )
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in {"gzip", "x-gzip", "deflate"}:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
    elif encoding == "identity":
        inflater = None
    else:
        raise FetchError(
            _("the server sent the feed in an encoding we cannot read (%(encoding)s).")
            % {"encoding": encoding}
        )
    parts, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if connection.sock is not None:
            connection.sock.settimeout(min(timeout, remaining))
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        if inflater is not None:
            chunk = inflater.decompress(chunk, max_bytes + 1 - size)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(
                _("the feed is larger than the limit of %(size)s KB.") % {"size": max_bytes // 1024}
            )
        parts.append(chunk)
    return b"".join(parts)


def fetch(
    url,
    *,
    etag="",
    last_modified="",
    resolver=None,
    connect=socket.create_connection,
    max_bytes=None,
    timeout=None,
    deadline_seconds=None,
):
    """GET `url` safely (see the module docstring). Returns a FetchResult or raises FetchError."""
    limits = _limits()
    max_bytes = max_bytes or limits["max_bytes"]
    timeout = timeout or limits["timeout"]
    deadline = time.monotonic() + (deadline_seconds or limits["deadline"])
    headers = {
        "User-Agent": f"{settings.SITE_NAME} news reader (+{settings.SITE_URL})",
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
        "text/xml;q=0.8, */*;q=0.1",
        "Accept-Encoding": "gzip, identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified

    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = check_url(current)
        address = resolve(host, port, resolver=resolver)[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(_("the server took too long to answer."))
        connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
        connection = connection_class(
            host, port, address=address, timeout=min(timeout, remaining), connect=connect
        )
        timer = threading.Timer(remaining, _shutdown, args=(connection,))
        timer.daemon = True
        timer.start()
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(
                        _("the server redirected (HTTP %(status)s) to nowhere.")
                        % {"status": response.status}
                    )
                current = urljoin(current, location.strip())
                continue
            if response.status == 304:
                return FetchResult(
                    status=304, body=b"", url=current, etag=etag, last_modified=last_modified
                )
            if response.status != 200:
                raise FetchError(
                    (
                        _("the server answered HTTP %(status)s %(reason)s.")
                        % {"status": response.status, "reason": response.reason}
                    ).replace(" .", ".")
                )
            body = _read_body(
                response, connection, max_bytes=max_bytes, deadline=deadline, timeout=timeout
            )
            return FetchResult(
                status=200,
                body=body,
                url=current,
                etag=(response.getheader("ETag") or "")[:300],
                last_modified=(response.getheader("Last-Modified") or "")[:100],
                content_type=response.getheader("Content-Type") or "",
            )
        except FetchError:
            raise
        except ssl.SSLError as error:
            raise FetchError(
                _("a secure connection could not be made (%(reason)s).") % {"reason": error.reason}
            ) from None
        except TimeoutError:
            raise FetchError(_("the server took too long to answer.")) from None
        except (OSError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline:
                raise FetchError(_("the server took too long to answer.")) from None
            raise FetchError(
                _("the connection failed (%(kind)s: %(error)s).")
                % {"kind": error.__class__.__name__, "error": error}
            ) from None
        finally:
            timer.cancel()
            connection.close()
    raise FetchError(
        _("the address redirected more than %(count)s times.") % {"count": MAX_REDIRECTS}
    )
