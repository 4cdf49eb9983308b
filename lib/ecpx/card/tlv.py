"""BER-TLV, the way cards encode structured data (EF.DIR, PKCS#15 files, FCP, GET DATA answers).

Small on purpose, like yubikit's `Tlv`: multi-byte tags, short and long lengths, nested values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        """Whether the value is itself a list of TLVs (bit 6 of the tag's first byte)."""
        first = self.tag.to_bytes(_tag_size(self.tag), "big")[0]
        return bool(first & 0x20)

    def children(self) -> list[Tlv]:
        return parse(self.value)

    def find(self, tag: int) -> Tlv | None:
        """The first TLV with this tag, searching this one and every nested level."""
        return next(walk([self], tag), None)


def parse(data: bytes) -> list[Tlv]:
    """The TLVs found one after the other in `data` (padding bytes 00/FF between them skipped)."""
    items, offset = [], 0
    while offset < len(data):
        if data[offset] in (0x00, 0xFF):
            offset += 1
            continue
        tag, offset = _read_tag(data, offset)
        length, offset = _read_length(data, offset)
        if offset + length > len(data):
            raise ValueError(f"TLV {tag:X} is truncated")
        items.append(Tlv(tag, bytes(data[offset : offset + length])))
        offset += length
    return items


def walk(items: list[Tlv], tag: int) -> Iterator[Tlv]:
    """Every TLV with this tag, depth first through constructed values."""
    for item in items:
        if item.tag == tag:
            yield item
        if item.constructed:
            try:
                yield from walk(item.children(), tag)
            except ValueError:
                continue


def find(data: bytes, tag: int) -> Tlv | None:
    """The first TLV with this tag anywhere in `data`, or None."""
    try:
        return next(walk(parse(data), tag), None)
    except ValueError:
        return None


def encode(tag: int, value: bytes) -> bytes:
    """One TLV: tag bytes, then the length (short or long form), then the value."""
    size = len(value)
    if size < 0x80:
        length = bytes([size])
    else:
        raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return tag.to_bytes(_tag_size(tag), "big") + length + value


def _tag_size(tag: int) -> int:
    return max(1, (tag.bit_length() + 7) // 8)


def _read_tag(data: bytes, offset: int) -> tuple[int, int]:
    tag = data[offset]
    offset += 1
    if tag & 0x1F == 0x1F:  # the tag number continues in the next bytes
        while True:
            if offset >= len(data):
                raise ValueError("TLV tag is truncated")
            byte = data[offset]
            tag = (tag << 8) | byte
            offset += 1
            if not byte & 0x80:
                break
    return tag, offset


def _read_length(data: bytes, offset: int) -> tuple[int, int]:
    if offset >= len(data):
        raise ValueError("TLV length is missing")
    first = data[offset]
    offset += 1
    if first < 0x80:
        return first, offset
    count = first & 0x7F
    if count == 0 or offset + count > len(data):
        raise ValueError("TLV length is malformed")
    return int.from_bytes(data[offset : offset + count], "big"), offset + count
