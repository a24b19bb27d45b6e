"""Issue 14, High 1: one client-address function, the right-most untrusted hop of X-Forwarded-For.

nginx's `proxy_add_x_forwarded_for` appends the address it saw to whatever the client sent, so with
TRUSTED_PROXY_COUNT = N the client is the N-th entry from the right; anything left of it is the client's
own words and is ignored.
"""

import pytest
from django.test import RequestFactory

from conum.core.client_address import client_address


def request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("203.0.113.7", "203.0.113.7"),  # nginx alone: what it saw
        ("198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a client-sent prefix is ignored
        ("1.1.1.1,2.2.2.2 ,  203.0.113.7", "203.0.113.7"),
        ("unknown, 203.0.113.7", "203.0.113.7"),
        ("  203.0.113.7  ", "203.0.113.7"),
    ],
)
def test_one_proxy_reads_the_right_most_entry(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded=forwarded)) == expected


def test_a_forged_prefix_never_changes_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    addresses = {client_address(request(forwarded=f"192.0.2.{n}, 203.0.113.7")) for n in range(1, 20)}
    assert addresses == {"203.0.113.7"}


def test_two_proxies_read_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # load balancer appends the client, nginx appends the load balancer
    assert client_address(request(forwarded="198.51.100.1, 203.0.113.7, 10.0.0.5")) == "203.0.113.7"
    assert client_address(request(forwarded="203.0.113.7, 10.0.0.5")) == "203.0.113.7"


def test_no_trusted_proxy_ignores_the_header(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(remote="203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"
    assert client_address(request(remote="203.0.113.9")) == "203.0.113.9"


@pytest.mark.parametrize(
    "forwarded",
    [None, "", "   ", "not-an-address", "203.0.113.999", "203.0.113.7, ", "<script>", "\x00", "a" * 5000],
)
def test_missing_or_malformed_entry_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(remote="10.0.0.1", forwarded=forwarded)) == "10.0.0.1"


def test_too_few_entries_fall_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(remote="10.0.0.1", forwarded="203.0.113.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("198.51.100.1, 2001:db8::abcd", "2001:db8::abcd"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:4711", "2001:db8::1"),
        ("203.0.113.7:4711", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_addresses_are_normalised(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request(forwarded=forwarded)) == expected


def test_connection_address_is_normalised_too(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(remote="::FFFF:203.0.113.7")) == "203.0.113.7"
    assert client_address(request(remote="2001:0db8::0001")) == "2001:db8::1"
