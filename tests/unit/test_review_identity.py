"""Which field names the items, each item's key, and what is said when a result changed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vody_desktop.review.identity import (
    choose_key_field,
    choose_key_field_of,
    item_key,
    item_keys,
    key_text,
    match_review,
    result_fingerprint,
)


def pictures(count: int) -> list[dict[str, object]]:
    return [
        {
            "image_path": f"https://pics.example.com/{n}.png",
            "id": n,
            "hex_color_label": "#AABBCC",
        }
        for n in range(count)
    ]


def test_image_path_comes_first_when_it_tells_the_items_apart() -> None:
    assert choose_key_field_of(pictures(4)) == "image_path"


def test_a_repeated_picture_hands_over_to_the_id_an_integer() -> None:
    items = pictures(4)
    items[3]["image_path"] = items[0]["image_path"]
    assert choose_key_field_of(items) == "id"
    assert [item_key(item, n, "id") for n, item in enumerate(items)] == ["0", "1", "2", "3"]


def test_a_field_missing_blank_or_null_in_one_item_is_no_key() -> None:
    for gap in ({}, {"image_path": None}, {"image_path": "  "}):
        items = pictures(3)
        del items[1]["image_path"]
        items[1].update(gap)
        assert choose_key_field_of(items) == "id"


def test_true_false_fractions_and_objects_are_no_keys() -> None:
    assert [key_text(v) for v in (True, 1.5, {"a": 1}, [1], None, "", 7, "x")] == [
        None,
        None,
        None,
        None,
        None,
        None,
        "7",
        "x",
    ]
    items = [{"ok": bool(n), "ratio": n / 3, "colour": "red"} for n in range(2)]
    assert choose_key_field_of(items) is None


def test_the_named_fields_are_tried_in_order() -> None:
    items = [{"url": f"u{n}", "name": f"n{n}", "uuid": f"x{n}", "item_id": n} for n in range(3)]
    assert choose_key_field_of(items) == "item_id"
    for item in items:
        del item["item_id"]
    assert choose_key_field_of(items) == "uuid"
    for item in items:
        del item["uuid"]
    assert choose_key_field_of(items) == "name"


def test_else_any_unique_text_field_in_the_items_order_but_not_numbers() -> None:
    items = [{"score": n, "colour": "red", "sku": f"SKU-{n}", "code": f"C{n}"} for n in range(3)]
    assert choose_key_field_of(items) == "sku"


def test_without_any_key_items_are_known_by_position() -> None:
    items = [{"colour": "red"}, {"colour": "red"}]
    assert choose_key_field_of(items) is None
    assert [item_key(item, n, None) for n, item in enumerate(items)] == ["#0", "#1"]
    assert item_keys(2, None, lambda name: []) == ["#0", "#1"]
    assert choose_key_field_of([]) is None


def test_the_stored_reviews_field_is_kept_while_it_still_fits() -> None:
    items = pictures(3)
    assert choose_key_field_of(items, prefer="id") == "id"
    items[2]["id"] = 0  # no longer unique: back to the usual order
    assert choose_key_field_of(items, prefer="id") == "image_path"
    assert choose_key_field_of(items, prefer="not_there") == "image_path"


def test_a_column_reader_is_asked_only_for_the_fields_it_needs() -> None:
    asked: list[str] = []
    items = pictures(5)

    def values(name: str) -> Sequence[object]:
        asked.append(name)
        return [item.get(name) for item in items]

    assert choose_key_field(5, ["id", "hex_color_label", "image_path"], values) == "image_path"
    assert asked == ["image_path"]
    assert item_keys(5, "image_path", values)[4] == "https://pics.example.com/4.png"


# No time limits: on a machine whose cores are busy, generating even small data can stall.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["image_path", "id", "name", "colour"]),
            st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=2)),
        ),
        max_size=12,
    )
)
def test_keys_always_tell_the_items_apart(items: list[Mapping[str, object]]) -> None:
    field = choose_key_field_of(items)
    keys = [item_key(item, n, field) for n, item in enumerate(items)]
    assert len(set(keys)) == len(keys)
    assert item_keys(len(items), field, lambda name: [item.get(name) for item in items]) == keys


def test_the_fingerprint_follows_the_bytes() -> None:
    first = result_fingerprint(b'[{"id": 1}]')
    assert first == result_fingerprint(memoryview(b'[{"id": 1}]'))
    assert first != result_fingerprint(b'[{"id": 2}]')
    assert len(first) == 32


def test_the_changed_result_sentence_names_new_and_gone_items_and_the_field() -> None:
    match = match_review(
        ["a", "b", "c"],
        ["a", "b", "d", "e"],
        field="image_path",
        changed=True,
        keys_then=["a", "b", "c", "x"],
    )
    assert match.kept == {"a", "b"}
    assert match.gone == {"c"}
    assert match.new == ("d", "e")
    assert match.sentence() == (
        "This result changed since it was reviewed: 2 items are new and 1 reviewed item is "
        "gone. Verdicts are matched by image_path."
    )


def test_the_sentence_in_its_other_forms() -> None:
    same = match_review(["a"], ["a", "b"], field="id", changed=False, keys_then=["a", "b"])
    assert same.sentence() == ""
    reordered = match_review(["#0"], ["#0", "#1"], field=None, changed=True, keys_then=["#0", "#1"])
    assert reordered.sentence() == (
        "This result changed since it was reviewed, but it holds the same items. Verdicts are "
        "matched by position (no field tells the items apart), so check that each still "
        "belongs to its item."
    )
    unknown = match_review(["a"], ["a", "b"], field="id", changed=True)
    assert unknown.new is None
    assert unknown.sentence() == (
        "This result changed since it was reviewed; every reviewed item is still in it. "
        "Verdicts are matched by id."
    )
    one_new = match_review(["a"], ["a", "b"], field="id", changed=True, keys_then=["a"])
    assert one_new.sentence() == (
        "This result changed since it was reviewed: 1 item is new. Verdicts are matched by id."
    )
    gone = match_review(["a", "b", "c"], ["a"], field="id", changed=True)
    assert gone.sentence() == (
        "This result changed since it was reviewed: 2 reviewed items are gone. "
        "Verdicts are matched by id."
    )
