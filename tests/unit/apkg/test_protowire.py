"""The protobuf wire format read by field number: round trips, varint edges, malformed bytes."""

from __future__ import annotations

import pytest

from ankismith.apkg.protowire import Value, decode, number, text


def varint(value: int) -> bytes:
    """Return ``value`` (0 to 2**64 - 1) as a protobuf varint."""
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        out.append(low | (0x80 if value else 0))
        if not value:
            return bytes(out)


def message(*fields: tuple[int, Value]) -> bytes:
    """Return a message of ``(field number, int or bytes)``: varints and length-delimited."""
    out = b""
    for field, value in fields:
        if isinstance(value, int):
            out += varint(field << 3) + varint(value)
        else:
            out += varint(field << 3 | 2) + varint(len(value)) + value
    return out


@pytest.mark.parametrize(
    ("value", "size"),
    [(0, 1), (1, 1), (127, 1), (128, 2), (300, 2), (2**32 - 1, 5), (2**63, 10), (2**64 - 1, 10)],
)
def test_a_varint_of_any_size_reads_back(value: int, size: int) -> None:
    assert len(varint(value)) == size
    assert decode(message((1, value))) == {1: [value]}


def test_fields_keep_their_order_and_the_last_value_wins() -> None:
    inner = message((4, b"description"))
    data = message((3, b"first"), (2, 7), (3, "zweite \u00fc".encode()), (1, inner), (2, 9))
    fields = decode(data)
    assert fields == {3: [b"first", "zweite \u00fc".encode()], 2: [7, 9], 1: [inner]}
    assert text(fields, 3) == "zweite \u00fc"
    assert number(fields, 2) == 9
    assert text(decode(inner), 4) == "description"


def test_large_field_numbers_and_long_strings_round_trip() -> None:
    long = b"x" * 300  # a length that takes a two-byte varint
    assert decode(message((255, 5), (536870911, long))) == {255: [5], 536870911: [long]}
    assert decode(b"") == {}


def test_fixed_width_fields_are_little_endian_integers() -> None:
    fixed64 = varint(1 << 3 | 1) + (2**40 + 3).to_bytes(8, "little")
    fixed32 = varint(2 << 3 | 5) + (70000).to_bytes(4, "little")
    assert decode(fixed64 + fixed32) == {1: [2**40 + 3], 2: [70000]}


@pytest.mark.parametrize(
    ("fields", "default_text", "default_number"),
    [({}, "", 0), ({1: [5]}, "", 5), ({1: [b"s"]}, "s", 0)],
)
def test_a_missing_or_other_typed_field_reads_as_the_default(
    fields: dict[int, list[Value]], default_text: str, default_number: int
) -> None:
    assert text(fields, 1) == default_text
    assert number(fields, 1) == default_number
    assert text(fields, 2, "none") == "none"
    assert number(fields, 2, -1) == -1


def test_invalid_utf8_is_replaced_not_raised() -> None:
    assert text(decode(message((1, b"a\xffb"))), 1) == "a\ufffdb"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"\x08", "truncated or overlong protobuf varint"),  # key, no value
        (b"\x08\x80", "truncated or overlong protobuf varint"),  # varint still continued
        (b"\x08" + b"\xff" * 10 + b"\x01", "truncated or overlong protobuf varint"),  # 11 bytes
        (b"\x0a\x05abc", "truncated protobuf field"),  # 5 bytes announced, 3 present
        (b"\x0b", "unsupported protobuf wire type 3"),  # a group: Anki writes none
        (b"\x0e", "unsupported protobuf wire type 6"),
        (b"{}", "unsupported protobuf wire type 3"),  # JSON is not a message
    ],
    ids=["no-value", "unfinished", "eleven-bytes", "short-string", "group", "type-6", "json"],
)
def test_malformed_bytes_raise_value_error(data: bytes, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        decode(data)


@pytest.mark.parametrize(
    "data", [b"\x0d\x01\x02", b"\x09\x01\x02\x03\x04"], ids=["fixed32", "fixed64"]
)
def test_a_truncated_fixed_width_field_raises_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match="truncated protobuf fixed"):
        decode(data)
