"""Strings that match simple regular expressions (a schema's ``pattern``).

Handles literals, escapes (``\\d \\w \\s`` and escaped punctuation), character classes with
ranges and negation, ``.``, groups, alternation, anchors and quantifiers (``? * + {n} {n,m}``).
Anything else (look-arounds, back-references, unicode properties, inline flags) raises
:class:`PatternTooComplex`: the caller gives up on the pattern instead of guessing.
Deterministic: the same pattern and bounds always give the same string.
"""

from __future__ import annotations

import math
import re
import string
import warnings
from dataclasses import dataclass

MAX_REPEAT = 4096  # an unbounded repeat takes at most this many items
MAX_LENGTH = 10_000  # no generated string is longer
MAX_PATTERN = 500
_PREFERRED = "a1A_-.b2Bc3C"
_PRINTABLE = string.ascii_letters + string.digits + "_-.~ !#$%&*+,/:;=?@"
_DIGITS = frozenset(string.digits)
_WORD = frozenset(string.ascii_letters + string.digits + "_")
_SPACE = frozenset(" \t\n\r\f\v")
_ALL = frozenset(_PRINTABLE)
_CLASS_ESCAPES = {
    "d": _DIGITS,
    "w": _WORD,
    "s": _SPACE,
    "D": _ALL - _DIGITS,
    "W": _ALL - _WORD,
    "S": _ALL - _SPACE,
}
_CONTROL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "0": "\0"}


class PatternTooComplex(ValueError):
    """The pattern uses a construct this generator does not handle."""


# -- the syntax tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chars:
    allowed: frozenset[str]  # the characters one position may take


@dataclass(frozen=True)
class _Repeat:
    node: _Node
    low: int
    high: int | None


@dataclass(frozen=True)
class _Alternatives:
    options: tuple[tuple[_Node, ...], ...]


_Node = _Chars | _Repeat | _Alternatives


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def parse(self) -> _Alternatives:
        tree = self.alternatives()
        if self.pos != len(self.text):
            raise PatternTooComplex(f"unbalanced ')' at {self.pos}")
        return tree

    def peek(self) -> str | None:
        return self.text[self.pos] if self.pos < len(self.text) else None

    def take(self) -> str:
        if self.pos >= len(self.text):
            raise PatternTooComplex("unexpected end of pattern")
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def alternatives(self) -> _Alternatives:
        options = [self.sequence()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.sequence())
        return _Alternatives(tuple(options))

    def sequence(self) -> tuple[_Node, ...]:
        items: list[_Node] = []
        while (ch := self.peek()) is not None and ch not in "|)":
            atom = self.atom()
            if atom is not None:
                items.append(self.quantified(atom))
        return tuple(items)

    def atom(self) -> _Node | None:
        ch = self.take()
        if ch in "^$":
            return None  # anchors: the generated string is the whole match anyway
        if ch == "(":
            if self.peek() == "?":
                self.pos += 1
                kind = self.take()
                if kind == "<" and self.peek() not in ("=", "!"):  # (?<name>...)
                    self._skip_name(">")
                elif kind == "P" and self.peek() == "<":  # (?P<name>...)
                    self.pos += 1
                    self._skip_name(">")
                elif kind != ":":
                    raise PatternTooComplex(f"group construct (?{kind}")
            inner = self.alternatives()
            if self.take() != ")":
                raise PatternTooComplex("unclosed group")
            return inner
        if ch == "[":
            return self.char_class()
        if ch == ".":
            return _Chars(_ALL)
        if ch == "\\":
            return self.escape(in_class=False)
        if ch in "*+?{" and ch != "{":
            raise PatternTooComplex(f"nothing to repeat at {self.pos - 1}")
        if ch == ")":
            raise PatternTooComplex("unbalanced ')'")
        return _Chars(frozenset(ch))

    def _skip_name(self, end: str) -> None:
        while self.take() != end:
            pass

    def escape(self, *, in_class: bool) -> _Chars:
        ch = self.take()
        if ch in _CLASS_ESCAPES:
            return _Chars(_CLASS_ESCAPES[ch])
        if ch in _CONTROL_ESCAPES:
            return _Chars(frozenset(_CONTROL_ESCAPES[ch]))
        if ch == "u" or ch == "x":
            width = 4 if ch == "u" else 2
            digits = self.text[self.pos : self.pos + width]
            if len(digits) != width or not all(c in string.hexdigits for c in digits):
                raise PatternTooComplex(f"escape \\{ch}{digits}")
            self.pos += width
            return _Chars(frozenset(chr(int(digits, 16))))
        if ch == "b" and in_class:
            return _Chars(frozenset("\b"))
        if ch.isalnum():  # \b \B \p{..} \1 \k<..> and other letters
            raise PatternTooComplex(f"escape \\{ch}")
        return _Chars(frozenset(ch))

    def char_class(self) -> _Chars:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        members: set[str] = set()
        first = True
        while True:
            ch = self.take()
            if ch == "]" and not first:
                break
            first = False
            if ch == "[" and self.peek() == ":":
                raise PatternTooComplex("POSIX character class")
            chars = self.escape(in_class=True).allowed if ch == "\\" else frozenset(ch)
            if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", ""):
                if len(chars) != 1:
                    raise PatternTooComplex("range from a class escape")
                self.pos += 1
                end_ch = self.take()
                end = self.escape(in_class=True).allowed if end_ch == "\\" else frozenset(end_ch)
                if len(end) != 1:
                    raise PatternTooComplex("range to a class escape")
                low, high = ord(next(iter(chars))), ord(next(iter(end)))
                if high < low or high - low > 0x3000:
                    raise PatternTooComplex("character range")
                members.update(chr(c) for c in range(low, high + 1))
            else:
                members.update(chars)
        if negated:
            return _Chars(frozenset(c for c in _PRINTABLE if c not in members))
        return _Chars(frozenset(members))

    def quantified(self, atom: _Node) -> _Node:
        ch = self.peek()
        bounds: tuple[int, int | None] | None = None
        if ch == "*":
            bounds = (0, None)
        elif ch == "+":
            bounds = (1, None)
        elif ch == "?":
            bounds = (0, 1)
        elif ch == "{":
            found = re.match(r"\{(\d+)(,(\d*))?\}", self.text[self.pos :])
            if found is None:
                return atom  # a literal "{", as JavaScript reads it
            low = int(found.group(1))
            upper = low if found.group(2) is None else int(found.group(3) or -1)
            bounds = (low, None if upper == -1 else upper)
            self.pos += len(found.group(0)) - 1
        if bounds is None:
            return atom
        self.pos += 1
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings
            self.pos += 1
        low, high = bounds
        if high is not None and high < low:
            raise PatternTooComplex("repeat bounds")
        return _Repeat(atom, low, high)


# -- generation -------------------------------------------------------------------------------


def _pick(allowed: frozenset[str], variant: int) -> str:
    if not allowed:
        raise PatternTooComplex("a character class that matches nothing printable")
    preferred = [c for c in _PREFERRED if c in allowed] or sorted(allowed)
    return preferred[variant % len(preferred)]


def _count(node: _Repeat, extra: int) -> int:
    base = max(node.low, 1) if node.high is None or node.high >= 1 else node.low
    count = node.low if extra < 0 else base + extra
    if node.high is not None:
        count = min(count, node.high)
    return min(max(count, node.low), max(node.low, MAX_REPEAT))


def _render(node: _Node, extra: int, variant: int, out: list[str]) -> None:
    if len(out) > MAX_LENGTH:
        raise PatternTooComplex("the strings the pattern needs are too long")
    if isinstance(node, _Chars):
        out.append(_pick(node.allowed, variant))
    elif isinstance(node, _Repeat):
        for _ in range(_count(node, extra)):
            _render(node.node, extra, variant, out)
    else:
        for item in node.options[0]:
            _render(item, extra, variant, out)


def _attempt(tree: _Alternatives, extra: int, variant: int) -> str:
    out: list[str] = []
    _render(tree, extra, variant, out)
    return "".join(out)


def matching_string(
    pattern: str, *, min_length: int = 0, max_length: int | None = None, variant: int = 0
) -> str:
    """A string ``re.search(pattern, s)`` finds, within the length bounds.

    Raises :class:`PatternTooComplex` for constructs it does not handle, or when no string it
    tries fits (``ValueError`` subclasses both)."""
    if len(pattern) > MAX_PATTERN:
        raise PatternTooComplex("pattern too long")
    tree = _Parser(pattern).parse()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled = re.compile(pattern)
    except re.error as exc:
        raise PatternTooComplex(f"not a regular expression Python reads: {exc}") from exc

    def fits(text: str) -> bool:
        short = len(text) < min_length
        long = max_length is not None and len(text) > max_length
        return not short and not long and compiled.search(text) is not None

    # one item per open repeat, then minimal repeats
    for extra in (0, -1):
        text = _attempt(tree, extra, variant)
        if fits(text):
            return text

    # more items per repeat: the fewest that reach min_length (lengths grow with ``extra``)
    def length(extra: int) -> float:
        try:
            return len(_attempt(tree, extra, variant))
        except PatternTooComplex:  # longer than any string this gives
            return math.inf

    low, high = 1, MAX_REPEAT
    if length(high) < min_length:
        raise PatternTooComplex("the pattern cannot give strings as long as minLength")
    while low < high:
        middle = (low + high) // 2
        if length(middle) >= min_length:
            high = middle
        else:
            low = middle + 1
    text = _attempt(tree, low, variant)
    if fits(text):
        return text
    raise PatternTooComplex("no generated string fits the pattern and the length bounds")
