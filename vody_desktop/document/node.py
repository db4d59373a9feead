"""One value of a JSON document, decoded lazily one level at a time over the raw bytes.

A node holds a zero-copy view of its own bytes. A container decodes its direct children only
when they are first asked for (msgspec with `msgspec.Raw` values, so grandchildren stay raw
slices), and caches them; every child knows its row, key and depth, so a tree model never has
to search. When msgspec gives up on deep nesting the node switches to the iterative scanner.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from vody_desktop.document.scanner import ScanIndex, build_python, scan, skip_ws, split_level
from vody_desktop.document.slices import SlicedMembers

if TYPE_CHECKING:
    # msgspec (about 13 ms to import) is imported where it is used: the window's first paint
    # imports this module but decodes nothing (ui/mainwindow/later_parts.py).
    import msgspec

    _Values = list[msgspec.Raw] | list[tuple[int, int]] | SlicedMembers
    _Level = tuple[list[str] | None, _Values]


class NodeKind(enum.StrEnum):
    """The JSON type of a node."""

    OBJECT = "object"
    ARRAY = "array"
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"


_KIND_BY_FIRST_BYTE: dict[int, NodeKind] = {
    ord("{"): NodeKind.OBJECT,
    ord("["): NodeKind.ARRAY,
    ord('"'): NodeKind.STRING,
    ord("t"): NodeKind.BOOLEAN,
    ord("f"): NodeKind.BOOLEAN,
    ord("n"): NodeKind.NULL,
}
_CONTAINERS = frozenset({NodeKind.OBJECT, NodeKind.ARRAY})
_OPENERS = frozenset(b"[{")
_WHITESPACE = frozenset(b" \t\r\n")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PATH_ESCAPES = {"\\": "\\\\", "'": "\\'", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r"}
_PATH_ESCAPES["\t"] = "\\t"


class JsonNode:
    """A JSON value in the document; children are decoded on first use and cached."""

    __slots__ = (
        "_children",
        "_index",
        "_keys",
        "_start",
        "_values",
        "_view",
        "depth",
        "key",
        "kind",
        "parent",
        "row",
    )

    def __init__(
        self,
        view: memoryview,
        *,
        parent: JsonNode | None = None,
        row: int = 0,
        key: str | int | None = None,
        index: ScanIndex | None = None,
        start: int = 0,
        level: _Level | None = None,
    ) -> None:
        """Wrap `view` (exactly one value, no surrounding whitespace).

        `index`/`start` place the value inside a buffer validated by the iterative scanner;
        `level` hands over children that the caller has already decoded.
        """
        self.parent = parent
        self.row = row
        self.key = key
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.kind = _KIND_BY_FIRST_BYTE.get(view[0], NodeKind.NUMBER)
        self._view = view
        self._index = index
        self._start = start
        self._keys: list[str] | None = None
        self._values: _Values | None = None
        self._children: list[JsonNode | None] = []
        if level is not None:
            self._set_level(level)

    def __repr__(self) -> str:
        return f"<JsonNode {self.kind} key={self.key!r} depth={self.depth} {len(self._view)} B>"

    @property
    def is_container(self) -> bool:
        """True for objects and arrays (even empty ones)."""
        return self.kind in _CONTAINERS

    @property
    def child_count(self) -> int:
        """Number of direct children; decodes this node's level on first use."""
        if self.kind not in _CONTAINERS:
            return 0
        self._ensure_level()
        return len(self._children)

    @property
    def has_children(self) -> bool:
        """True for a non-empty object or array; reads two bytes, decodes nothing."""
        return _is_filled_container(self._view)

    def children_with_children(self, start: int, stop: int) -> list[bool]:
        """For rows `start` to `stop`: is that child a non-empty container? Creates no nodes."""
        self._ensure_level()
        assert self._values is not None
        if isinstance(self._values, SlicedMembers):
            return self._values.filled_containers(start, stop)
        values = self._values[start:stop]
        if self._index is None or not values or not isinstance(values[0], tuple):
            return [_is_filled_container(memoryview(value)) for value in values]  # type: ignore[arg-type]
        data = self._index.data
        return [_is_filled_container(data[begin:end]) for begin, end in values]

    def child(self, row: int) -> JsonNode:
        """The child at `row` (0-based); IndexError when out of range."""
        count = self.child_count
        if not 0 <= row < count:
            raise IndexError(f"row {row} out of range for a node with {count} children")
        node = self._children[row]
        if node is None:
            node = self._make_child(row)
            self._children[row] = node
        return node

    def child_raw(self, row: int) -> memoryview:
        """The source bytes of the child at `row`, without making a node for it (a table of
        72,000 items reads its rows this way); IndexError when out of range."""
        count = self.child_count
        if not 0 <= row < count:
            raise IndexError(f"row {row} out of range for a node with {count} children")
        assert self._values is not None
        value = self._values[row]
        if isinstance(value, tuple):
            assert self._index is not None
            return self._index.data[value[0] : value[1]]
        return memoryview(value)

    def children_raw(self) -> Sequence[msgspec.Raw | memoryview]:
        """The source bytes of every child, in order, without making nodes (msgspec decodes
        each of them directly; reading one column of 72,000 items goes through this)."""
        self._ensure_level()
        values = self._values
        assert values is not None
        if values and isinstance(values[0], tuple):
            assert self._index is not None
            data = self._index.data
            return [data[begin:end] for begin, end in values]
        return values  # type: ignore[return-value]

    def children(self) -> Sequence[JsonNode]:
        """All direct children (creates a node per child: prefer `child(row)` for big arrays)."""
        return [self.child(row) for row in range(self.child_count)]

    @property
    def raw(self) -> memoryview:
        """The exact source bytes of this value, as received (a zero-copy view)."""
        return self._view

    @property
    def display_value(self) -> str:
        """Decoded text for strings, exact source text for numbers/literals, "{n}"/"[n]" for
        containers (the count with thousands separators, as people read it: "[72,000]")."""
        kind = self.kind
        if kind is NodeKind.STRING:
            import msgspec

            return msgspec.json.decode(self._view, type=str)
        if kind is NodeKind.OBJECT:
            return f"{{{self.child_count:,}}}"
        if kind is NodeKind.ARRAY:
            return f"[{self.child_count:,}]"
        return bytes(self._view).decode("ascii")

    def path(self) -> str:
        """JSONPath of this node, e.g. "$[3].colors[0].hex" or "$['key with space']"."""
        parts: list[str] = []
        node: JsonNode | None = self
        while node is not None and node.parent is not None:
            parts.append(path_segment(node.key))
            node = node.parent
        parts.append("$")
        return "".join(reversed(parts))

    def forget_children(self) -> None:
        """Drop the nodes decoded below this one, at every depth (they are made again on demand).

        A child refers to its parent and the parent caches the child: a reference cycle. When a
        document is no longer shown, its nodes (and through their views its bytes) would stay
        until a full cyclic garbage collection, which the app runs rarely (ui/main_thread_gc.py).
        Forgetting breaks every such cycle, so reference counting frees them at once. A node
        that someone still holds keeps working; only its cache of children is gone.
        """
        stack = [self]
        while stack:
            node = stack.pop()
            made = list(filter(None, node._children))  # in C: a long array has few made nodes
            if made:
                node._children = [None] * len(node._children)
                stack.extend(made)

    def to_python(self) -> Any:
        """Exact decode of this subtree (big ints stay int); meant for small nodes."""
        import msgspec

        try:
            return msgspec.json.decode(self._view)
        except (RecursionError, msgspec.DecodeError):
            # Too deep for msgspec, or a number beyond float range ("1e400", json gives inf).
            return build_python(self._view)

    def _ensure_level(self) -> None:
        if self._values is not None:
            return
        import msgspec

        if self._index is None:
            try:
                if self.kind is NodeKind.ARRAY:
                    level: _Level = (None, msgspec.json.decode(self._view, type=list[msgspec.Raw]))
                else:
                    members = msgspec.json.decode(self._view, type=dict[str, msgspec.Raw])
                    level = (list(members), list(members.values()))
            except RecursionError:
                self._index = scan(self._view)
                self._start = 0
            else:
                self._set_level(level)
                return
        self._set_level(split_level(self._index, self._start))

    def _set_level(self, level: _Level) -> None:
        self._keys, self._values = level
        self._children = [None] * len(self._values)

    def _make_child(self, row: int) -> JsonNode:
        assert self._values is not None
        key: str | int = row if self._keys is None else self._keys[row]
        value = self._values[row]
        if isinstance(value, tuple):
            assert self._index is not None
            start, end = value
            view = self._index.data[start:end]
            return JsonNode(view, parent=self, row=row, key=key, index=self._index, start=start)
        return JsonNode(memoryview(value), parent=self, row=row, key=key)


def _is_filled_container(view: memoryview) -> bool:
    """True if `view` (one value, no surrounding whitespace) is a non-empty object or array."""
    if len(view) <= 2 or view[0] not in _OPENERS:
        return False
    return view[1] not in _WHITESPACE or skip_ws(view, 1) < len(view) - 1


def path_segment(key: str | int | None) -> str:
    """One JSONPath step: "[3]", ".name" or "['odd key']" (RFC 9535 escaping)."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f".{key}"
    escaped = "".join(
        _PATH_ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) < 0x20 else ch) for ch in key
    )
    return f"['{escaped}']"
