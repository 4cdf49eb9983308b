"""The APDU layer on its own: formatting, 61xx/6Cxx handling, errors carrying the status word."""

from __future__ import annotations

import pytest
from ecpx.card import tlv
from ecpx.card.constants import Sw
from ecpx.card.errors import ApduError
from ecpx.card.protocol import CardProtocol, format_apdu
from ecpx.card.transport import Connection


class Scripted(Connection):
    """A connection that answers from a script and records what it was sent."""

    reader, atr = "scripted", b""

    def __init__(self, answers: list[tuple[bytes, int]]) -> None:
        self.answers, self.sent = list(answers), []

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        return self.answers.pop(0)


def test_format_apdu_cases():
    assert format_apdu(0, 0x20, 0, 1) == bytes.fromhex("00200001")
    assert format_apdu(0, 0xB0, 0, 0, le=0xE7) == bytes.fromhex("00B00000E7")
    assert format_apdu(0, 0xA4, 4, 0xC, b"\x3f\x00") == bytes.fromhex("00A4040C023F00")
    assert format_apdu(0, 0xA4, 2, 4, b"\xd0\x03", le=0) == bytes.fromhex("00A4020402D00300")
    with pytest.raises(ValueError):
        format_apdu(0, 0xD6, 0, 0, bytes(256))


def test_61xx_is_followed_with_get_response():
    connection = Scripted([(b"", 0x6105), (b"ABC", 0x6102), (b"DE", 0x9000)])
    assert CardProtocol(connection).send_apdu(0, 0xA4, 0, 4, b"\x3f\x00", le=0) == b"ABCDE"
    assert connection.sent[1:] == [bytes.fromhex("00C0000005"), bytes.fromhex("00C0000002")]


def test_6cxx_resends_with_the_length_the_card_asks_for():
    connection = Scripted([(b"", 0x6C10), (b"x" * 16, 0x9000)])
    assert CardProtocol(connection).send_apdu(0, 0xB0, 0, 0, le=0) == b"x" * 16
    assert connection.sent[1] == bytes.fromhex("00B0000010")


def test_error_status_word_is_carried_with_its_meaning():
    with pytest.raises(ApduError) as error:
        CardProtocol(Scripted([(b"", 0x6A82)])).send_apdu(0, 0xA4, 0, 0, b"\x12\x34")
    assert error.value.sw == 0x6A82
    assert "not found" in str(error.value)
    assert Sw.describe(0x63C1) == "verification failed, 1 tries left"


def test_tlv_round_trip_with_long_lengths_and_multibyte_tags():
    inner = tlv.encode(0x9B, b"\x02")
    data = tlv.encode(0x70, tlv.encode(0xBF8101, tlv.encode(0xA0, inner + bytes(200))))
    assert data[:7] == bytes.fromhex("7081D3 BF8101 81")  # long-form lengths
    assert tlv.find(data, 0x9B).value == b"\x02"
    assert tlv.find(data, 0xBF8101).constructed
    with pytest.raises(ValueError):
        tlv.parse(bytes.fromhex("3005 0401"))
