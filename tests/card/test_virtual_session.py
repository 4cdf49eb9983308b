"""The CPS session over the in-process virtual card: identity, tries left, PIN safety, removal."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from ecpx.card import HOLDERS, open_card, real_session, virtual_card, virtual_session
from ecpx.card.atr import CardKind
from ecpx.card.constants import READ_ONLY_INS, Ins
from ecpx.card.emulator import OtherCard
from ecpx.card.errors import (
    CardError,
    CardRemoved,
    NotACpsCard,
    PinBlocked,
    PinFormatInvalid,
    PinLastTry,
    PinWrong,
    RealReaderNotAllowed,
)
from ecpx.card.opening import CLASSROOM_ENV, Reason
from ecpx.card.transport import IN_PROCESS_READER
from ecpx.texts.card import card_error_text
from ecpx.texts.help import CONTACTS


def only_reads(card) -> list[bytes]:
    """The commands that were neither a read nor an empty VERIFY (should be none)."""
    return [a for a in card.apdu_log
            if a[1] not in READ_ONLY_INS and not (a[1] == Ins.VERIFY and len(a) <= 5)]


@pytest.mark.parametrize("key", sorted(HOLDERS))
def test_identity_matches_the_fictitious_holder(key):
    holder = HOLDERS[key]
    identity = virtual_session(key).identity()
    assert (identity.idnat, identity.surname, identity.given_name, identity.profession) == (
        holder.idnat, holder.surname, holder.given_name, holder.profession)
    assert identity.card_type == holder.card_type
    assert identity.issuer == "AC IGC-SANTE FORT PERSONNES"
    assert identity.not_before < dt.datetime(2026, 1, 1, tzinfo=dt.UTC) < identity.not_after


def test_certificate_follows_the_igc_sante_subject_pattern():
    certificate = virtual_session("medecin").certificate()
    # CN, SN and GN share one multi-valued RDN; title and C are RDNs of their own.
    multi = [rdn for rdn in certificate.subject.rdns if len(rdn) > 1]
    assert len(multi) == 1
    assert {a.oid for a in multi[0]} == {NameOID.COMMON_NAME, NameOID.SURNAME,
                                         NameOID.GIVEN_NAME}
    assert certificate.subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "Médecin"
    assert certificate.subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "FR"
    assert "CN=AC IGC-SANTE FORT PERSONNES" in certificate.issuer.rfc4514_string()
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature  # the authentication certificate, not the signature one


def test_cpe_holder_has_a_structure_identifier():
    identity = virtual_session("secretaire").identity()
    assert identity.idnat.startswith("3")
    assert identity.card_type == "CPE"
    assert identity.organisation


def test_serial_number_is_read_from_ef_sn_icc():
    session = virtual_session("pharmacien")
    assert session.serial_number() == HOLDERS["pharmacien"].card_serial
    selects = session.connection.card.received(Ins.SELECT)
    assert any(bytes.fromhex("02D003") in a for a in selects)  # SELECT EF D003 by its id


def test_reading_everything_sends_no_pin():
    session = virtual_session("medecin")
    card = session.connection.card
    session.identity()
    session.serial_number()
    assert session.pin_tries_left() == 3
    assert session.pin_tries_left() == 3  # asking twice costs nothing either
    assert only_reads(card) == []
    assert card.pin_tries_left == 3
    assert len(card.apdu_log) > 10  # the reads really went through the card


def test_certificate_read_takes_several_read_binary_and_follows_61xx():
    session = virtual_session("medecin")
    card = session.connection.card
    session.certificate()
    reads = card.received(Ins.READ_BINARY)
    assert all(a[-1] <= 0xE7 for a in reads)  # CPS3 answers at most E7 bytes per read
    assert card.received(Ins.GET_RESPONSE)  # SELECT's FCP came through 61xx chaining


def test_right_pin_is_accepted_and_keeps_three_tries():
    session = virtual_session("medecin")
    session.verify_pin(HOLDERS["medecin"].pin)
    assert session.pin_tries_left() == 3


def test_wrong_pins_count_down_then_the_course_refuses_the_last_try():
    session = virtual_session("medecin")
    card = session.connection.card
    with pytest.raises(PinWrong) as first:
        session.verify_pin("0000")
    assert first.value.tries_left == 2
    with pytest.raises(PinWrong) as second:
        session.verify_pin("0000")
    assert second.value.tries_left == 1
    assert "1 essai" in card_error_text(second.value)
    verifies_before = len([a for a in card.received(Ins.VERIFY) if len(a) > 5])
    with pytest.raises(PinLastTry):
        session.verify_pin(HOLDERS["medecin"].pin)  # even the right PIN is not risked
    assert len([a for a in card.received(Ins.VERIFY) if len(a) > 5]) == verifies_before
    assert card.pin_tries_left == 1 and not card.blocked


def test_blocked_card_gets_no_verify_with_data():
    session = virtual_session("infirmier", blocked=True)
    card = session.connection.card
    assert session.pin_tries_left() == 0
    with pytest.raises(PinBlocked) as error:
        session.verify_pin(HOLDERS["infirmier"].pin)
    assert "déblocage" in card_error_text(error.value)
    assert CONTACTS["card"]["phone"] in card_error_text(error.value)  # from chapter 04
    assert [a for a in card.received(Ins.VERIFY) if len(a) > 5] == []


@pytest.mark.parametrize("pin", ["123", "12345", "12a4", "١٢٣٤", ""])
def test_malformed_pin_is_refused_before_reaching_the_card(pin):
    session = virtual_session("medecin")
    card = session.connection.card
    with pytest.raises(PinFormatInvalid):
        session.verify_pin(pin)
    assert card.apdu_log == []


def test_pin_is_sent_as_four_ascii_digits_with_the_pkcs15_reference():
    session = virtual_session("medecin")
    session.verify_pin(HOLDERS["medecin"].pin)
    presented = [a for a in session.connection.card.received(Ins.VERIFY) if len(a) > 5]
    assert presented == [bytes.fromhex("00200001 04") + HOLDERS["medecin"].pin.encode()]


def test_removed_card_raises_card_removed():
    card = virtual_card("medecin")
    session = virtual_session(card=card)
    card.remove()
    with pytest.raises(CardRemoved) as error:
        session.identity()
    assert "retirée" in card_error_text(error.value)


def test_card_removed_in_the_middle_of_the_certificate_read():
    card = virtual_card("medecin")
    session = virtual_session(card=card)
    card.remove_after_apdus(6)
    with pytest.raises(CardRemoved):
        session.identity()
    assert not card.present
    assert len(card.apdu_log) == 7  # six answered, the seventh lost with the card


def test_reinserted_card_needs_a_new_session():
    card = virtual_card("medecin")
    session = virtual_session(card=card)
    card.remove()
    card.insert()
    with pytest.raises(CardRemoved):
        session.pin_tries_left()
    assert virtual_session(card=card).identity().surname == HOLDERS["medecin"].surname


def test_vitale_card_is_named_not_a_cps_card():
    with pytest.raises(NotACpsCard) as error:
        virtual_session(card=OtherCard())
    assert "c'est une carte Vitale, pas une carte CPS" in card_error_text(error.value)


def test_session_reports_cps3():
    assert virtual_session().kind is CardKind.CPS3


def test_the_opener_says_why_it_chose_the_virtual_card(monkeypatch):
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    pharmacien = lambda: virtual_session("pharmacien")  # noqa: E731
    default = open_card(real=False, virtual=pharmacien)
    assert default.reason is Reason.VIRTUAL_BY_DEFAULT and not default.is_real
    # A reader name that matches nothing: the real side fails, the virtual card answers.
    monkeypatch.setenv("ECPX_CARD_READER", "no such reader")
    fallback = open_card(real=True, virtual=pharmacien)
    assert fallback.reason is Reason.REAL_UNAVAILABLE
    assert fallback.session.identity().surname == HOLDERS["pharmacien"].surname
    with pytest.raises(CardError):  # no virtual card to fall back on: the error itself
        open_card(real=True)


def test_in_classroom_mode_the_opener_never_loads_pcsc(monkeypatch):
    monkeypatch.setenv(CLASSROOM_ENV, "1")
    monkeypatch.setenv("ECPX_CARD_READER", "Virtual PCD 00 00")
    monkeypatch.delitem(sys.modules, "ecpx.card.pcsc", raising=False)
    opened = open_card(real=True, virtual=lambda: virtual_session("medecin"))
    assert opened.reason is Reason.CLASSROOM and opened.session.reader == IN_PROCESS_READER
    with pytest.raises(RealReaderNotAllowed):
        open_card(real=True)
    with pytest.raises(RealReaderNotAllowed):
        real_session("Virtual PCD 00 00")
    assert "ecpx.card.pcsc" not in sys.modules  # pyscard never even imported
    assert "classe" in card_error_text(RealReaderNotAllowed())
