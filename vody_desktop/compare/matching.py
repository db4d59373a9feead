"""Which members of two arrays belong together: by a key field when one fits both, else by position.

An array of objects is matched by the field that tells its items apart on both sides (found as
review mode finds it: `choose_key_field`, with the `key_field` option preferred), so a reordered
result pairs each item with itself. Otherwise members are paired by position. The members come
either decoded (a small array inside an item) or as raw bytes (the 72,000 items of a large
result), where a key column is read with a msgspec decoder typed for that one field, which skips
the rest of each item; both ways give the same values, so they pair the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from vody_desktop.document.node import JsonNode
from vody_desktop.review.identity import POSITION_PREFIX, Values, choose_key_field, key_text

RawMember = msgspec.Raw | memoryview | bytes
_names = itertools.count()
_fields_of = msgspec.json.Decoder(dict[str, msgspec.Raw]).decode


class _Unreadable:
    """A field value msgspec could not read (nesting too deep): never a key."""


_UNREADABLE = _Unreadable()


#: Two members that belong together, or one member alone (the other index None):
#: (index in A, index in B, key), the key being the key field's value as text or "#<index>"
#: by position. A plain tuple: 72,000 of them are made by one comprehension.
MemberPair = tuple[int | None, int | None, str]


@dataclass(frozen=True, slots=True)
class Pairing:
    """How two arrays' members were paired: A's order (matched and only-in-A members), then
    the members only in B in B's order (the order differences are listed in)."""

    key_field: str | None
    pairs: list[MemberPair]


def shared_key_field(
    side_a: tuple[int, Sequence[str], Values],
    side_b: tuple[int, Sequence[str], Values],
    prefer: str | None,
) -> str | None:
    """The field `choose_key_field` takes for A that also tells B's items apart (each side as
    (count, fields, values)); a side without items does not constrain. None: by position."""
    (count_a, fields_a, values_a), (count_b, fields_b, values_b) = side_a, side_b
    if count_a == 0:
        return choose_key_field(count_b, fields_b, values_b, prefer=prefer)
    rejected: set[str] = set()
    while True:
        fields = [name for name in fields_a if name not in rejected]
        field = choose_key_field(count_a, fields, values_a, prefer=prefer)
        if field is None or count_b == 0:
            return field
        # The same test on B (prefer keeps the same rule for integers as on A).
        if choose_key_field(count_b, [field], values_b, prefer=prefer) == field:
            return field
        rejected.add(field)


def pair_by_keys(
    count_a: int, count_b: int, keys_a: Sequence[str] | None, keys_b: Sequence[str] | None
) -> list[MemberPair]:
    """Pair by key (both key lists given, unique on each side) or by position."""
    if keys_a is None or keys_b is None:
        keys_a = keys_b = [f"{POSITION_PREFIX}{i}" for i in range(max(count_a, count_b))]
        common = min(count_a, count_b)
        pairs: list[MemberPair] = [(i, i, keys_a[i]) for i in range(common)]
        pairs += [(i, None, keys_a[i]) for i in range(common, count_a)]
        pairs += [(None, i, keys_b[i]) for i in range(common, count_b)]
        return pairs
    # Comprehensions, not list(zip(...)): a loop in C over 72,000 keys would hold the GIL
    # throughout, and the window's thread would wait for it.
    where_b = {key: index for index, key in enumerate(keys_b)}
    get = where_b.get
    pairs = [(index, get(key), key) for index, key in enumerate(keys_a)]
    in_a = {key: None for key in keys_a}
    pairs += [(None, index, key) for index, key in enumerate(keys_b) if key not in in_a]
    return pairs


def pair_values(list_a: Sequence[Any], list_b: Sequence[Any], prefer: str | None) -> Pairing:
    """Pair two decoded arrays' members."""
    field = None
    if list_a or list_b:  # members that are not objects have no key: by position
        field = shared_key_field(_decoded_side(list_a), _decoded_side(list_b), prefer)
    return _pairing(
        len(list_a), len(list_b), field, _decoded_values(list_a), _decoded_values(list_b)
    )


def pair_raw(
    members_a: Sequence[RawMember],
    members_b: Sequence[RawMember],
    prefer: str | None,
    *,
    tick: Callable[[], None] = lambda: None,
) -> Pairing:
    """Pair two arrays' members given as raw bytes (nothing but key columns is decoded).

    `tick` is called after each column read (tens of milliseconds for 72,000 members), so a
    caller can tell progress and stop there."""
    field = None
    values_a, values_b = RawColumns(members_a, tick), RawColumns(members_b, tick)
    if members_a or members_b:  # members that are not objects have no key: by position
        field = shared_key_field(
            (len(members_a), _first_fields(members_a), values_a),
            (len(members_b), _first_fields(members_b), values_b),
            prefer,
        )
    return _pairing(len(members_a), len(members_b), field, values_a, values_b)


def _pairing(
    count_a: int, count_b: int, field: str | None, values_a: Values, values_b: Values
) -> Pairing:
    if field is None:
        return Pairing(None, pair_by_keys(count_a, count_b, None, None))
    keys_a, keys_b = _keys(values_a(field)), _keys(values_b(field))
    return Pairing(field, pair_by_keys(count_a, count_b, keys_a, keys_b))


def _keys(column: Sequence[object]) -> list[str]:
    """The keys of a chosen key column (every value is a key, or it would not be chosen)."""
    return [value if value.__class__ is str else _key(value) for value in column]


def _key(value: object) -> str:
    text = key_text(value)
    assert text is not None
    return text


def _decoded_side(items: Sequence[Any]) -> tuple[int, list[str], Values]:
    fields = list(dict.fromkeys(name for item in items if isinstance(item, dict) for name in item))
    return len(items), fields, _decoded_values(items)


def _decoded_values(items: Sequence[Any]) -> Values:
    def values(name: str) -> list[object]:
        return [item.get(name) if isinstance(item, Mapping) else None for item in items]

    return values


def _first_fields(members: Sequence[RawMember]) -> list[str]:
    """The first member's field names: a key field is in every member, so in the first."""
    if not members:
        return []
    try:
        return list(_fields_of(members[0]))
    except (msgspec.DecodeError, RecursionError):
        return []


class RawColumns:
    """`values(name)` for members given as raw bytes: one typed decode per member, cached."""

    def __init__(
        self, members: Sequence[RawMember], tick: Callable[[], None] = lambda: None
    ) -> None:
        self._members = members
        self._tick = tick
        self._columns: dict[str, list[object]] = {}

    def __call__(self, name: str) -> list[object]:
        column = self._columns.get(name)
        if column is None:
            column = self._columns[name] = _read_column(self._members, name)
            self._tick()
        return column


def _read_column(members: Sequence[RawMember], name: str) -> list[object]:
    decode = _field_decoder(name)
    try:
        return [decode(member).value for member in members]
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        pass  # a member that is no object, or too deep: read one by one
    column: list[object] = []
    for member in members:
        try:
            column.append(decode(member).value)
        except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
            column.append(_UNREADABLE)
    return column


def _field_decoder(name: str) -> Callable[[RawMember], Any]:
    """A decoder that fills one field of an object and skips the rest."""
    struct = msgspec.defstruct(
        f"_KeyField{next(_names)}", [("value", Any, None)], rename={"value": name}, gc=False
    )
    return msgspec.json.Decoder(struct).decode


def member_list(node: JsonNode) -> Sequence[RawMember]:
    """An array node's members' bytes as a list: a large array's members are found on each
    access (document/slices.py), and the walk reads each member up to three times."""
    members = node.children_raw()
    return members if isinstance(members, list) else list(members)
