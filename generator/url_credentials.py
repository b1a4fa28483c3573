"""Server URLs of a document without what may be a credential.

A document's server URL becomes the generated client's default base URL (``_client.py``), is
shown in its README and compared by the diff (CHANGELOG). Any user info (``user:pass@host``) and
any query string (``?api_key=...``, ``?token=``, ``?sig=``: a base URL needs none) or fragment is
dropped before that, so a secret published in a document is never copied anywhere. The caller
reports what was dropped, never the dropped text itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def strip_credentials(url: str) -> tuple[str, list[str]]:
    """``url`` without user info, query string and fragment; and the names of the parts dropped."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an invalid IPv6 host: nothing to keep
        return "", ["the whole URL (it cannot be parsed)"]
    dropped: list[str] = []
    netloc = parts.netloc
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
        dropped.append("user info")
    if "?" in url.split("#", 1)[0]:  # even an empty one
        dropped.append("query string")
    if "#" in url:
        dropped.append("fragment")
    if not dropped:
        return url, []
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")), dropped
