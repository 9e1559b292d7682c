"""Running the app with uvicorn (``dateline serve``), local by default."""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to a public interface


def exposure_warning(host: str, token: str | None) -> str | None:
    """What to warn about when the server is reachable from other machines."""
    if is_loopback(host):
        return None
    writes = (
        "Writes are allowed to anyone holding the token, over plain HTTP (no TLS)."
        if token
        else "It is read-only (no token), but anyone who can reach it can read the whole store."
    )
    return (
        f"The server is bound to {host}, so other machines on the network can reach it. "
        f"{writes} Use --host 127.0.0.1 (the default) unless you mean it, and put a TLS proxy "
        "in front for anything beyond a trusted network."
    )


def run(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    import uvicorn

    from dateline.api.app import create_app

    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
