"""Which item a verdict belongs to: the key field, each item's key, and a changed result.

Qt-free. An item is known by the value of one field that every item has, as a string or an
integer, different for every item: `image_path` first when it fits (a colour classification
result names each picture once), then the usual id fields, then any other string field that
fits. When none does, items are known by their position ("#0", "#1", ...), which holds only
as long as the result keeps its order: `ReviewMatch.sentence` says so.

The items come as a field list and a column reader (`values(field)` gives that top-level
field's value for every item, None where it is missing), so the Items table can answer from
its own fast column decoder; `choose_key_field_of` takes decoded items for everyone else.

A result's fingerprint (`result_fingerprint`) is a hash of its bytes: a verdict keeps the
fingerprint it was given, and a result whose fingerprint differs has changed since.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

#: Fields that name an item, in the order they are tried.
KEY_FIELDS = ("image_path", "id", "item_id", "uuid", "name", "url")
#: The start of a key by position; a field's keys are the field's values, whatever they are.
POSITION_PREFIX = "#"

Values = Callable[[str], Sequence[object]]


def key_text(value: object, *, strings_only: bool = False) -> str | None:
    """The key a field's value gives: non-empty text as it is, an integer as digits; None
    for anything else (missing, null, blank, true/false, a fraction, an object, a list)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if strings_only or isinstance(value, bool) or not isinstance(value, int):
        return None
    return str(value)


def _is_key_column(column: Sequence[object], count: int, *, strings_only: bool) -> bool:
    if len(column) != count:
        return False
    seen: set[str] = set()
    for value in column:
        text = key_text(value, strings_only=strings_only)
        if text is None or text in seen:
            return False
        seen.add(text)
    return True


def choose_key_field(
    count: int,
    fields: Iterable[str],
    values: Values,
    *,
    prefer: str | None = None,
) -> str | None:
    """The top-level field whose values tell the `count` items apart, or None (by position).

    `prefer` (the field a stored review used) is taken first when it still fits, so verdicts
    stay matched after the result gains an item with, say, a new unique `id`.
    """
    if count <= 0:
        return None
    names = list(dict.fromkeys(fields))
    present = set(names)
    tried = [name for name in (prefer, *KEY_FIELDS) if name is not None and name in present]
    for name in dict.fromkeys(tried):
        if _is_key_column(values(name), count, strings_only=False):
            return name
    for name in names:
        if name not in tried and _is_key_column(values(name), count, strings_only=True):
            return name
    return None


def choose_key_field_of(
    items: Sequence[Mapping[str, object]], *, prefer: str | None = None
) -> str | None:
    """`choose_key_field` for decoded items (the fields in the first item's order)."""
    fields = dict.fromkeys(name for item in items for name in item)
    return choose_key_field(
        len(items), fields, lambda name: [item.get(name) for item in items], prefer=prefer
    )


def item_key(item: Mapping[str, object] | None, index: int, field: str | None) -> str:
    """The key of the item at `index`: its `field`'s value, or "#<index>" by position."""
    if field is not None and item is not None:
        text = key_text(item.get(field))
        if text is not None:
            return text
    return f"{POSITION_PREFIX}{index}"


def item_keys(count: int, field: str | None, values: Values) -> list[str]:
    """Every item's key, in item order (one column read for a field)."""
    if field is None:
        return [f"{POSITION_PREFIX}{index}" for index in range(count)]
    column = values(field)
    keys = []
    for index, value in enumerate(column):
        text = key_text(value)
        keys.append(f"{POSITION_PREFIX}{index}" if text is None else text)
    return keys


def result_fingerprint(body: bytes | bytearray | memoryview) -> str:
    """A short hash of the result's bytes (BLAKE2b, 128 bits, hex). Hashing lets other
    threads run (about 1 GB/s here): give a large body to a worker thread."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


@dataclass(frozen=True)
class ReviewMatch:
    """How a stored review meets the result now shown."""

    #: The field the keys come from (None: by position).
    field: str | None
    #: Reviewed keys (a verdict or a note) that are in the result now.
    kept: frozenset[str]
    #: Reviewed keys that are not.
    gone: frozenset[str]
    #: Keys of items that were not in the reviewed result; None when that result's keys are
    #: not known (they are kept from the first verdict on, see `ReviewStore.remember_items`).
    new: tuple[str, ...] | None
    #: Whether the result differs from the one reviewed (another fingerprint).
    changed: bool

    def sentence(self) -> str:
        """What the window says about it, or "" when the result is the one reviewed."""
        if not self.changed:
            return ""
        parts = []
        if self.new:
            parts.append(_count(len(self.new), "item is new", "items are new"))
        if self.gone:
            parts.append(_count(len(self.gone), "reviewed item is gone", "reviewed items are gone"))
        if parts:
            text = f"This result changed since it was reviewed: {' and '.join(parts)}."
        elif self.new is None:
            text = "This result changed since it was reviewed; every reviewed item is still in it."
        else:
            text = "This result changed since it was reviewed, but it holds the same items."
        if self.field is None:
            return (
                f"{text} Verdicts are matched by position (no field tells the items apart), "
                "so check that each still belongs to its item."
            )
        return f"{text} Verdicts are matched by {self.field}."


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def match_review(
    reviewed: Iterable[str],
    current: Sequence[str],
    *,
    field: str | None,
    changed: bool,
    keys_then: Iterable[str] | None = None,
) -> ReviewMatch:
    """Match the `reviewed` keys (those with a verdict or note) to the `current` items' keys.

    `keys_then`: every item key of the result as it was reviewed, when known.
    """
    now = set(current)
    stored = frozenset(reviewed)
    new: tuple[str, ...] | None = None
    if keys_then is not None:
        then = set(keys_then)
        new = tuple(key for key in current if key not in then)
    return ReviewMatch(
        field=field,
        kept=stored & now,
        gone=stored - now,
        new=new,
        changed=changed,
    )
