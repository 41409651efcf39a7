"""Decode the few protobuf messages a recent Anki package holds, by field number.

Anki >= 2.1.50 stores its media index and the settings of note types, fields and templates as
protobuf. Only a handful of scalar and string fields are read, so a wire-format walk is all it
takes; generated classes would need Anki's .proto files at build time.
"""

from __future__ import annotations

Value = int | bytes


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated or overlong protobuf varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def decode(data: bytes) -> dict[int, list[Value]]:
    """Return every field of one message: number -> values in order (ints or raw bytes).

    Raises ``ValueError`` for bytes that are not a protobuf message.
    """
    fields: dict[int, list[Value]] = {}
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: Value
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ValueError("truncated protobuf field")
            value, pos = data[pos : pos + size], pos + size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            if pos + width > len(data):
                raise ValueError(f"truncated protobuf fixed{width * 8} field")
            value, pos = int.from_bytes(data[pos : pos + width], "little"), pos + width
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        fields.setdefault(number, []).append(value)
    return fields


def text(fields: dict[int, list[Value]], number: int, default: str = "") -> str:
    """Return the last string value of field ``number``."""
    values = fields.get(number)
    value = values[-1] if values else None
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else default


def number(fields: dict[int, list[Value]], field: int, default: int = 0) -> int:
    """Return the last integer value of field ``field``."""
    values = fields.get(field)
    value = values[-1] if values else None
    return value if isinstance(value, int) else default
