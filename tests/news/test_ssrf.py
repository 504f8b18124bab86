"""A feed address can never make the server fetch from inside its own network (SSRF).

Table-driven: each address (and each redirect target) must be refused before any connection
is made, whatever spelling it uses. No test here sends traffic anywhere but 127.0.0.1: names are
answered by a fake resolver, and connections to anything else fail the test.
"""

import socket

import pytest

from news import fetching
from news.fetching import FetchError, RefusedAddress, fetch

pytestmark = pytest.mark.django_db

# Names the fake resolver knows; real DNS is never asked.
FAKE_DNS = {
    "localtest.me": ["127.0.0.1"],
    "loopback-2.example": ["127.0.0.2"],
    "metadata.google.internal": ["169.254.169.254"],
    "intranet.example": ["10.1.2.3"],
    "v6-loopback.example": ["::1"],
    "mixed.example": ["93.184.216.34", "192.168.1.10"],
    "mapped.example": ["::ffff:127.0.0.1"],
}


def fake_resolver(host, port, *args, **kwargs):
    if host not in FAKE_DNS:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    family = {True: socket.AF_INET6, False: socket.AF_INET}
    return [(family[":" in a], socket.SOCK_STREAM, 6, "", (a, port)) for a in FAKE_DNS[host]]


def no_connection(address, timeout):
    raise AssertionError(f"a connection was attempted to {address}")


REFUSED_DIRECTLY = [
    # loopback, in every spelling
    "http://127.0.0.1/",
    "http://127.0.0.1:8000/feed.xml",
    "http://127.1/",
    "http://127.0.0.2/",
    "http://2130706433/",  # decimal
    "http://0177.0.0.1/",  # octal
    "http://017700000001/",  # octal, whole
    "http://0x7f.0.0.1/",  # hex
    "http://0x7f000001/",  # hex, whole
    "http://0x7f.1/",
    # unspecified
    "http://0.0.0.0/",
    "http://0/",
    # private networks
    "http://10.0.0.1/",
    "http://10.255.255.254/",
    "http://012.0.0.1/",  # octal 10.0.0.1
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.0.1/",
    "http://192.168.1.254:8080/rss",
    "http://3232235777/",  # decimal 192.168.1.1
    "http://100.64.0.1/",  # shared address space (carrier NAT)
    # link-local and cloud metadata
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.0.1/",
    "http://2852039166/",  # decimal 169.254.169.254
    "http://0xa9.0xfe.0xa9.0xfe/",
    # multicast, broadcast, reserved, documentation
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://240.0.0.1/",
    "http://192.0.2.1/",
    "http://198.18.0.1/",
    # IPv6 loopback and friends
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/",  # AWS metadata over IPv6
    "http://[ff02::1]/",
    # IPv4 inside IPv6: mapped, compatible, 6to4, NAT64
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::127.0.0.1]/",
    "http://[::ffff:0.0.0.0]/",
    "http://[2002:7f00:1::]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    # names that resolve inside
    "http://localtest.me/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://intranet.example/feed",
    "http://v6-loopback.example/",
    "http://mapped.example/",
    "http://mixed.example/",  # one public and one private answer: refused
    # other schemes and tricks
    "file:///etc/passwd",
    "ftp://ftp.example.org/feed.xml",
    "gopher://127.0.0.1:70/_stats",
    "dict://127.0.0.1:11211/stats",
    "javascript:alert(1)",
    "data:text/xml,<rss/>",
    "http://user:secret@feeds.example.org/rss",
    "http:///feed.xml",
]


@pytest.mark.parametrize("url", REFUSED_DIRECTLY)
def test_addresses_inside_the_network_are_refused_before_connecting(url):
    with pytest.raises(RefusedAddress, match="^refused: "):
        fetch(url, resolver=fake_resolver, connect=no_connection)


def test_there_are_at_least_forty_refused_spellings():
    assert len(REFUSED_DIRECTLY) >= 40


REDIRECT_TARGETS = [
    "http://127.0.0.2/",
    "http://10.0.0.1/feed",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/iam/",
    "http://0.0.0.0/",
    "http://2130706434/",
    "http://0x7f.0.0.2/",
    "http://[::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.2]/",
    "http://loopback-2.example/",
    "http://metadata.google.internal/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_FLUSHALL",
    "ftp://127.0.0.1/",
]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_a_redirect_into_the_network_is_refused(allow_feed_server, target):
    """The local test server (the one allowed address) redirects elsewhere: each hop is
    checked again, and nothing else is ever contacted."""
    server = allow_feed_server
    start = server.url(f"/redirect-to?to={target}")
    with pytest.raises(RefusedAddress, match="^refused: "):
        fetch(start, resolver=fake_resolver)
    assert [path for path, _ in server.requests] == [f"/redirect-to?to={target}"]


def test_the_local_test_server_itself_is_refused_without_the_test_allowance(feed_server):
    with pytest.raises(RefusedAddress):
        fetch(feed_server.url("/good.rss"))
    assert feed_server.requests == []


def test_the_allowance_is_for_its_exact_network_only(settings):
    settings.NEWS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with pytest.raises(RefusedAddress):
        fetch("http://127.0.0.2/", connect=no_connection)
    with pytest.raises(RefusedAddress):
        fetch("http://10.0.0.1/", connect=no_connection)


def test_dns_rebinding_fails_because_the_connection_goes_to_the_vetted_address(
    allow_feed_server,
):
    """The name first resolves to the allowed test server, then (as a rebinding attacker would
    arrange) to the metadata address. We resolve once, check, and connect to what we checked:
    the feed comes from the test server, addressed by its name."""
    server = allow_feed_server
    answers = iter([["127.0.0.1"], ["169.254.169.254"], ["169.254.169.254"]])
    calls = []

    def rebinding_resolver(host, port, *args):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]

    result = fetch(f"http://rebind.example:{server.port}/good.rss", resolver=rebinding_resolver)

    assert result.status == 200 and b"Local Government News" in result.body
    assert calls == ["rebind.example"]
    [(path, headers)] = server.requests
    assert headers["Host"] == f"rebind.example:{server.port}"


def test_a_public_name_is_connected_to_at_its_checked_address_only():
    """No traffic leaves the machine: the connection attempt is recorded and refused."""
    attempts = []

    def recording_connect(address, timeout):
        attempts.append(address)
        raise ConnectionRefusedError("test: not really connecting")

    def resolver(host, port, *args):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    with pytest.raises(FetchError, match="the connection failed"):
        fetch("https://news.example.org/feed.xml", resolver=resolver, connect=recording_connect)
    assert attempts == [("93.184.216.34", 443)]


def test_an_unknown_host_is_a_clear_error():
    with pytest.raises(FetchError, match="could not be found"):
        fetch("http://no-such-host.example/feed", resolver=fake_resolver, connect=no_connection)


@pytest.mark.parametrize(
    "address, embedded",
    [
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("::127.0.0.1", "127.0.0.1"),
        ("2002:a9fe:a9fe::", "169.254.169.254"),
        ("64:ff9b::a00:1", "10.0.0.1"),
    ],
)
def test_ipv4_hidden_in_ipv6_is_found(address, embedded):
    import ipaddress

    assert str(fetching.embedded_ipv4(ipaddress.ip_address(address))) == embedded
