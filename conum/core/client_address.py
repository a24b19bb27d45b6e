"""The client's address: the one function that the login throttle (django-axes and accounts.lockout), the
public forms' rate limit and the API's rate limit use.

Behind TRUSTED_PROXY_COUNT = N proxies, each proxy appends the address it saw to X-Forwarded-For (nginx's
`$proxy_add_x_forwarded_for`), so the client is the N-th entry from the right; entries further left were
written by the client and are ignored. With N = 0 the header is ignored (anyone could forge it).
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The normalised address of the client (IPv4 or IPv6); the connection's address when the forwarded
    entry is missing or malformed, never a placeholder that many clients would share."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= proxies:
            forwarded = normalise(hops[-proxies])
            if forwarded:
                return forwarded
    return normalise(remote) or remote


def normalise(raw: str) -> str:
    """'2001:DB8::1' → '2001:db8::1', '::ffff:192.0.2.1' → '192.0.2.1'; a port or brackets are dropped
    ('[2001:db8::1]:443', '192.0.2.1:443'); anything else → ''."""
    text = raw.strip()
    if len(text) > 64:  # the longest IPv6 text with a zone and a port is shorter
        return ""
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)
