"""Where a page may send someone after signing in: only a path on this site.

Browsers forgive a lot in a ``Location`` header: they drop tabs and newlines, read ``\\`` as
``/`` and treat ``//host`` as another site, so ``/\\t/evil.example`` lands on ``evil.example``.
Rather than list the tricks, a target is accepted only if it is a plain path made of the
characters a URL path and query may hold, and it does not begin with two slashes of any kind.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SAFE_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*")


def safe_next(target: str | None, default: str) -> str:
    """Return ``target`` if it is a same-site path, otherwise ``default``."""
    if not target or len(target) > 2000 or not _SAFE_PATH.fullmatch(target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
