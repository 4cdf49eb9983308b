"""A CPS card session: what the course reads from a card, in the card's own terms.

Read paths send only SELECT, READ BINARY, GET RESPONSE, GET DATA and the *empty* VERIFY (which
asks for the tries left without presenting anything). A PIN is presented only by `verify_pin`,
which the trainee has to call explicitly, and never when it could block the card.

Each public read runs inside one PC/SC transaction (no other program can select another file
between our SELECT and READ BINARY); `verify_pin` reads the tries left, refuses on one and
presents, all in one transaction. Every fallback taken is logged at DEBUG on `ecpx.card`.
"""

from __future__ import annotations

import logging

from cryptography import x509

from . import pkcs15, tlv
from .atr import CardKind, identify_atr
from .constants import (
    ANS_ISSUER,
    DEFAULT_PIN_REFERENCE,
    MAX_READ,
    PIN_LENGTH,
    PIN_MAX_TRIES,
    Aid,
    FileId,
    Ins,
    SelectBy,
    SelectReturn,
    Sw,
)
from .errors import (
    ApduError,
    ApplicationNotAvailable,
    NoCertificate,
    NoPin,
    NotACpsCard,
    PinBlocked,
    PinFormatInvalid,
    PinLastTry,
    PinWrong,
)
from .holder import Holder
from .protocol import CardProtocol
from .transport import Connection

AUTH_LABEL_WORD = "authentification"  # "Certificat d'Authentification CPS" (ANS PKCS#11 label)
# SELECT answers meaning "no such application here" (yubikit treats both the same way).
NO_APPLICATION = (Sw.FILE_NOT_FOUND, Sw.INS_NOT_SUPPORTED)
# The application to select when EF.DIR names none (**uncertain** for CPS4: its ChipDoc applet).
FALLBACK_AID = {CardKind.CPS3_CONTACTLESS: Aid.CPS3_IAS_CONTACTLESS,
                CardKind.CPS4: Aid.CPS4_CHIPDOC}
log = logging.getLogger("ecpx.card")


class CpsSession:
    """Opened on a connection to a CPS card; raises NotACpsCard for any other card."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.protocol = CardProtocol(connection)
        self.card = identify_atr(connection.atr)
        if not self.card.is_cps:
            raise NotACpsCard(connection.reader, self.card)
        self._pin_reference: int | None = None

    @property
    def reader(self) -> str:
        return self.connection.reader

    @property
    def kind(self) -> CardKind:
        return self.card.kind

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> CpsSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- identity ---------------------------------------------------------------------------
    def serial_number(self) -> str:
        """The card serial number: EF.SN.ICC after the ANS issuer number, in hex.

        A published CPx EF.SN.ICC wraps it in a 5A object (`5A 0A 80 25 00 00 01` + 5 bytes,
        OpenSC issue #2275); bare bytes are read too. **Uncertain**: how the serial printed on
        the card maps to these bytes is not public.
        """
        with self.connection.transaction():
            self._select_mf()
            data = self._read_ef(self._select(SelectBy.CHILD_EF, _fid(FileId.EF_SN_ICC)))
        wrapped = tlv.find(data, 0x5A) if data[:1] == b"\x5A" else None
        data = wrapped.value if wrapped is not None else data
        return (data[len(ANS_ISSUER):] if data.startswith(ANS_ISSUER) else data).hex().upper()

    def certificate(self) -> x509.Certificate:
        """The authentication certificate, found through EF.DIR → ODF → CDF (no PIN needed)."""
        with self.connection.transaction():
            self._open_application()
            try:
                entries = pkcs15.certificates_in_cdf(self._read_directory(pkcs15.ODF_CDF))
            except ValueError as error:
                raise NoCertificate(f"The card lists no certificate ({error}).") from None
            if not entries:
                raise NoCertificate()
            entry = next((e for e in entries if AUTH_LABEL_WORD in e.label.lower()), entries[0])
            der = _trim_der(self._read_path(entry.path))
        try:
            return x509.load_der_x509_certificate(der)
        except ValueError as error:
            raise NoCertificate(f"The card's certificate cannot be parsed ({error}).") from None

    def identity(self) -> Holder:
        """The holder named in the authentication certificate."""
        return Holder.from_certificate(self.certificate())

    # -- PIN --------------------------------------------------------------------------------
    def pin_tries_left(self) -> int:
        """How many wrong PINs the card still accepts (0 = blocked). Never consumes a try."""
        if self.kind is CardKind.CPS3_CONTACTLESS:
            raise NoPin("A CPS3 read contactless has no PIN.")
        with self.connection.transaction():
            reference = self.pin_reference()
            if self.kind is CardKind.CPS3:
                try:
                    return self._tries_from_get_data(reference)
                except (ApduError, ValueError) as error:
                    # The GET DATA layout is uncertain: the empty VERIFY also tells.
                    log.debug("fallback: GET DATA gave no tries left (%s); empty VERIFY", error)
            return self._tries_from_empty_verify(reference)

    def verify_pin(self, pin: str) -> None:
        """Present the 4-digit PIN (the trainee's explicit choice). Returns if it is right.

        Raises PinFormatInvalid, PinBlocked (nothing sent), PinLastTry (one try left: nothing
        sent), PinWrong(tries_left) or PinBlocked after a wrong PIN.
        """
        if len(pin) != PIN_LENGTH or not (pin.isascii() and pin.isdigit()):
            raise PinFormatInvalid()
        with self.connection.transaction():  # exclusive: no other program in between
            tries = self.pin_tries_left()
            if tries == 0:
                raise PinBlocked()
            if tries == 1:
                raise PinLastTry()
            # **Uncertain**: the PIN is sent as 4 ASCII digits without padding (OpenSC's iasecc
            # driver for CPx and pcscd logs seen publicly); a card expecting padding answers 6700.
            try:
                self.protocol.send_apdu(0x00, Ins.VERIFY, 0x00, self.pin_reference(),
                                        pin.encode())
            except ApduError as error:
                raise _pin_error(error) from None

    def pin_reference(self) -> int:
        """VERIFY's reference, from the card's PKCS#15 PIN object (else the uncertain `01`)."""
        if self._pin_reference is None:
            try:
                with self.connection.transaction():
                    self._open_application()
                    references = pkcs15.pin_references_in_aodf(
                        self._read_directory(pkcs15.ODF_AODF))
            except (ApduError, ValueError) as error:
                log.debug("fallback: no PIN object in the card's AODF (%s)", error)
                references = []
            if not references:
                log.debug("fallback: PIN reference %02X (uncertain)", DEFAULT_PIN_REFERENCE)
            self._pin_reference = references[0] if references else DEFAULT_PIN_REFERENCE
        return self._pin_reference

    def _tries_from_get_data(self, reference: int) -> int:
        """CPS3 form: after SELECT 3F00, GET DATA on the PIN's information (tag 9B = left)."""
        self._select_mf()
        # An extended header list (4D) asking for the PIN object's A0 template, as published.
        query = bytes([0x4D, 0x08, 0x70, 0x06, 0xBF, 0x81, reference, 0x02, 0xA0, 0x80])
        answer = self.protocol.send_apdu(0x00, Ins.GET_DATA, 0x3F, 0xFF, query, le=0)
        left = tlv.find(answer, 0x9B)
        if left is None or len(left.value) != 1:
            raise ValueError("no tries-left tag (9B) in the PIN information")
        return left.value[0]

    def _tries_from_empty_verify(self, reference: int) -> int:
        """VERIFY with no data: 63Cx = x tries left, 6983 = blocked; nothing is presented."""
        try:
            self.protocol.send_apdu(0x00, Ins.VERIFY, 0x00, reference)
        except ApduError as error:
            if error.sw & 0xFFF0 == Sw.VERIFY_FAILED:
                return error.sw & 0x0F
            if error.sw == Sw.AUTH_METHOD_BLOCKED:
                return 0
            raise
        return PIN_MAX_TRIES  # 9000: already verified in this session, so the counter is full

    # -- files ------------------------------------------------------------------------------
    def _open_application(self) -> None:
        """Select the CPS application, named in EF.DIR (or the published CPS3 AID).

        **Uncertain** on CPS4: its ChipDoc applet's PKCS#15 layout is not public; if it differs,
        the reads fail with an ApduError that `card info` reports as "unreadable".
        """
        self._select_mf()
        try:
            aid = pkcs15.application_from_ef_dir(
                self._read_ef(self._select(SelectBy.CHILD_EF, _fid(FileId.EF_DIR))))
        except (ApduError, ValueError) as error:
            log.debug("fallback: EF.DIR unreadable (%s)", error)
            aid = None
        if aid is None:
            aid = FALLBACK_AID.get(self.kind, Aid.CPS3_IAS)
            log.debug("fallback: selecting the published AID %s", bytes(aid).hex().upper())
        try:
            self._select(SelectBy.DF_NAME, aid, fcp=False)
        except ApduError as error:
            if error.sw in NO_APPLICATION:
                raise ApplicationNotAvailable(error.sw, bytes(aid)) from None
            raise

    def _read_directory(self, kind: int) -> bytes:
        """The content of the first directory file of this kind listed in the ODF."""
        odf = self._read_ef(self._select(SelectBy.CHILD_EF, _fid(FileId.EF_ODF)))
        paths = pkcs15.paths_in_odf(odf, kind)
        if not paths:
            raise ValueError(f"the ODF lists no directory with tag {kind:02X}")
        return self._read_path(paths[0])

    def _read_path(self, path: bytes) -> bytes:
        """Read a file named by a PKCS#15 path: absolute from 3F00, else from the application."""
        if path.startswith(_fid(FileId.MF)):
            return self._read_ef(self._select(SelectBy.PATH_FROM_MF, path[2:]))
        return self._read_ef(self._select(SelectBy.PATH_FROM_CURRENT, path))

    def _select_mf(self) -> None:
        self._select(SelectBy.MF_OR_ID, _fid(FileId.MF), fcp=False)

    def _select(self, by: SelectBy, name: bytes, fcp: bool = True) -> int | None:
        """SELECT; with `fcp`, return the file's size from its control parameters (tag 80/81)."""
        if not fcp:
            self.protocol.send_apdu(0x00, Ins.SELECT, by, SelectReturn.NOTHING, name)
            return None
        answer = self.protocol.send_apdu(0x00, Ins.SELECT, by, SelectReturn.FCP, name, le=0)
        size = tlv.find(answer, 0x80) or tlv.find(answer, 0x81)
        return int.from_bytes(size.value, "big") if size is not None and size.value else None

    def _read_ef(self, size: int | None) -> bytes:
        """READ BINARY the selected file in chunks of at most 0xE7 bytes (CPS3's limit)."""
        data = b""
        while size is None or len(data) < size:
            wanted = MAX_READ if size is None else min(MAX_READ, size - len(data))
            try:
                chunk = self.protocol.send_apdu(
                    0x00, Ins.READ_BINARY, len(data) >> 8, len(data) & 0xFF, le=wanted,
                    accept=(Sw.OK, Sw.END_OF_FILE))
            except ApduError as error:
                if error.sw == Sw.WRONG_OFFSET and size is None:
                    log.debug("fallback: file size unknown, read until 6B00")
                    break  # read past the end of a file whose size the card did not give
                raise
            data += chunk
            if len(chunk) < wanted:
                break
        return data


def _fid(fid: int) -> bytes:
    return fid.to_bytes(2, "big")


def _trim_der(data: bytes) -> bytes:
    """A certificate file may be longer than its certificate (padding): keep the DER SEQUENCE."""
    if len(data) >= 4 and data[0] == 0x30 and data[1] == 0x82:
        return data[: 4 + int.from_bytes(data[2:4], "big")]
    return data


def _pin_error(error: ApduError) -> ApduError | PinBlocked | PinWrong:
    if error.sw & 0xFFF0 == Sw.VERIFY_FAILED:
        tries = error.sw & 0x0F
        return PinBlocked() if tries == 0 else PinWrong(tries)
    if error.sw == Sw.AUTH_METHOD_BLOCKED:
        return PinBlocked()
    return error
