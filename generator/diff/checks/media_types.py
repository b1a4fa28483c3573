"""Media types of request bodies and responses.

Media types match without their parameters (``application/json; charset=utf-8`` is
``application/json``). A media type replaced by a more general one (``application/problem+json``
by ``application/json``, ``application/json`` by ``application/*``) or a more specific one is
paired with it rather than reported as one removed and one added: in a response, a more
general type breaks readers that dispatch on the specific one (oasdiff grades it so), a more
specific one does not; in a request, callers send the type they know, so a more specific type
breaks them and a more general one does not.
"""

from __future__ import annotations

from generator.diff.rule import Rule

REQUEST_BODY_MEDIA_TYPE_ADDED = Rule(
    "request-body-media-type-added", "info", "a request media type was added"
)
REQUEST_BODY_MEDIA_TYPE_REMOVED = Rule(
    "request-body-media-type-removed", "breaking", "a request media type was removed"
)
REQUEST_BODY_MEDIA_TYPE_GENERALIZED = Rule(
    "request-body-media-type-generalized",
    "info",
    "a request media type was replaced by a more general one",
)
REQUEST_BODY_MEDIA_TYPE_SPECIALIZED = Rule(
    "request-body-media-type-specialized",
    "breaking",
    "a request media type was replaced by a more specific one",
)
RESPONSE_MEDIA_TYPE_ADDED = Rule(
    "response-media-type-added", "info", "a response media type was added"
)
RESPONSE_MEDIA_TYPE_REMOVED = Rule(
    "response-media-type-removed", "breaking", "a response media type was removed"
)
RESPONSE_MEDIA_TYPE_GENERALIZED = Rule(
    "response-media-type-generalized",
    "breaking",
    "a response media type was replaced by a more general one",
)
RESPONSE_MEDIA_TYPE_SPECIALIZED = Rule(
    "response-media-type-specialized",
    "info",
    "a response media type was replaced by a more specific one",
)

RULES = (
    REQUEST_BODY_MEDIA_TYPE_ADDED,
    REQUEST_BODY_MEDIA_TYPE_REMOVED,
    REQUEST_BODY_MEDIA_TYPE_GENERALIZED,
    REQUEST_BODY_MEDIA_TYPE_SPECIALIZED,
    RESPONSE_MEDIA_TYPE_ADDED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_MEDIA_TYPE_GENERALIZED,
    RESPONSE_MEDIA_TYPE_SPECIALIZED,
)


def generalizes(general: str, specific: str) -> bool:
    """Whether ``general`` covers ``specific`` (both without parameters, lower case)."""
    if general == specific:
        return False
    if general == "*/*":
        return True
    g_type, _, g_sub = general.partition("/")
    s_type, _, s_sub = specific.partition("/")
    if g_type != s_type:
        return False
    if g_sub == "*":
        return True
    return "+" in s_sub and s_sub.rsplit("+", 1)[1] == g_sub


def pair_up(old: set[str], new: set[str]) -> tuple[list[tuple[str, str]], set[str], set[str]]:
    """Pairs (old, new) of a type replaced by a more general or specific one; the types
    removed and added otherwise."""
    removed, added = set(old - new), set(new - old)
    pairs: list[tuple[str, str]] = []
    for before in sorted(removed):
        partner = next(
            (a for a in sorted(added) if generalizes(a, before) or generalizes(before, a)), None
        )
        if partner is not None:
            pairs.append((before, partner))
            added.discard(partner)
    removed -= {before for before, _ in pairs}
    return pairs, removed, added
