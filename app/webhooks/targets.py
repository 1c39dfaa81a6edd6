"""Where webhooks may be sent: http(s) receivers on the public internet, and internal
hosts only when an administrator names them (ENGAGE_WEBHOOK_INTERNAL_HOSTS).

An address is checked twice: when it is registered (its form), and at every delivery
(what its name resolves to then). The delivery connects to the very address that was
checked, so a name that resolves to a public address for the check and to 127.0.0.1 a
moment later (DNS rebinding) cannot reach the machine's own services.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# The last label of a host that a browser or resolver would read as an IPv4 address in
# another spelling: 2130706433, 0x7f000001, 0177.0.0.1, 127.1.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.I)


class UnsafeTarget(ValueError):
    """A webhook address Engage will not send to; the message says why."""


@dataclass(frozen=True)
class Target:
    url: str  # the URL with the checked address in place of the host name
    host: str  # the name the receiver expects (Host header, TLS server name)
    host_header: str
    address: str


def internal_hosts(setting: str) -> frozenset[str]:
    return frozenset(h.strip().lower().strip("[]") for h in setting.split(",") if h.strip())


def is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_url(url: str, allowed: Collection[str] = ()) -> str:
    """The host of a receiver's address fit to register, or UnsafeTarget saying why."""
    if len(url) > 1000 or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise UnsafeTarget("Enter the receiver's address, starting with https:// (or http://).")
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018  (an impossible port is refused here)
    except ValueError as exc:
        raise UnsafeTarget("The address has a port that cannot be used.") from exc
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        raise UnsafeTarget("Enter the receiver's address, starting with https:// (or http://).")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget(
            "Leave the user name and password out of the address; receivers check the "
            "Engage-Signature header instead."
        )
    if host in allowed:
        return host
    address = _literal(host)
    if address is None and _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
        raise UnsafeTarget(
            "Write the receiver's IP address as four numbers from 0 to 255 (as 93.184.215.14), "
            "or use its host name."
        )
    if address is not None and not is_public(address):
        raise UnsafeTarget(_internal_message(host))
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        raise UnsafeTarget(_internal_message(host))
    return host


def _internal_message(host: str) -> str:
    return (
        f"{host} is not on the public internet (a loopback, private, link-local or "
        "multicast address). To send to an internal receiver, an administrator names "
        "its host in ENGAGE_WEBHOOK_INTERNAL_HOSTS."
    )


def resolve(url: str, allowed: Collection[str] = ()) -> Target:
    """What to connect to for `url` now: a checked address, or UnsafeTarget."""
    host = check_url(url, allowed)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeTarget(f"The receiver's host name {host} could not be resolved.") from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(item[4][0]) for item in found))
    if not addresses:
        raise UnsafeTarget(f"The receiver's host name {host} could not be resolved.")
    if host not in allowed:
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise UnsafeTarget(
                f"{host} resolves to {refused[0]}, which is not on the public internet; "
                "nothing was sent. To send to an internal receiver, an administrator names "
                "its host in ENGAGE_WEBHOOK_INTERNAL_HOSTS."
            )
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    return Target(
        url=parts._replace(netloc=netloc).geturl(),
        host=host,
        host_header=host_header,
        address=str(address),
    )
