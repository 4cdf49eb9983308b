"""Names for the numbers a CPS card speaks: application ids, instructions, files, status words.

Sources: the ANS Cryptolib (`card-cps*.c`) and OpenSC (`card-iasecc.c`), as summed up in the
project's card facts (see the README's card section).
"""

from __future__ import annotations

from enum import Enum, IntEnum, unique

# The ANS issuer number (`80 25 00 00 01`) appears in every AID and at the start of EF.SN.ICC.
ANS_ISSUER = bytes.fromhex("8025000001")


@unique
class Aid(bytes, Enum):
    """Application identifiers (AIDs) published in the ANS Cryptolib sources."""

    CPS3_IAS = bytes.fromhex("E828BD080F8025000001FF0010")
    CPS3_IAS_CONTACTLESS = bytes.fromhex("E828BD080F8025000001FF0020")
    CPS4_CHIPDOC = bytes.fromhex("8025000001FF0100")
    CPS4_LEGACY_CPS2TER = bytes.fromhex("8025000001FF0002")


@unique
class Ins(IntEnum):
    """ISO 7816-4 instructions used by the toolkit."""

    VERIFY = 0x20
    RESET_RETRY_COUNTER = 0x2C
    SELECT = 0xA4
    READ_BINARY = 0xB0
    GET_RESPONSE = 0xC0
    GET_DATA = 0xCB


# Instructions that only read: the toolkit's read paths may send nothing else (VERIFY is allowed
# there only without data, which asks for the tries left without presenting a PIN).
READ_ONLY_INS = frozenset({Ins.SELECT, Ins.READ_BINARY, Ins.GET_RESPONSE, Ins.GET_DATA})


@unique
class SelectBy(IntEnum):
    """SELECT's P1: how the file is named."""

    MF_OR_ID = 0x00
    CHILD_DF = 0x01
    CHILD_EF = 0x02
    DF_NAME = 0x04
    PATH_FROM_MF = 0x08
    PATH_FROM_CURRENT = 0x09


@unique
class SelectReturn(IntEnum):
    """SELECT's P2: what the card answers."""

    FCP = 0x04
    NOTHING = 0x0C


@unique
class FileId(IntEnum):
    """File identifiers. Only MF, EF.DIR, EF.SN.ICC and the application DF are public facts."""

    MF = 0x3F00
    EF_DIR = 0x2F00
    EF_SN_ICC = 0xD003
    APPLICATION_DF = 0x0001
    # PKCS#15 default id of the object directory file (ISO 7816-15), used by the virtual card;
    # a real card's ODF is found the same way, but its id is not confirmed (**uncertain**).
    EF_ODF = 0x5031


# Largest READ BINARY answer on CPS3 (ANS Cryptolib).
MAX_READ = 0xE7

# PIN facts. The reference `01` comes from an OpenSC comment only (**uncertain**): the session
# prefers the reference found in the card's PKCS#15 authentication objects and falls back to it.
DEFAULT_PIN_REFERENCE = 0x01
PIN_LENGTH = 4
PIN_MAX_TRIES = 3
UNBLOCK_CODE_LENGTH = 8


@unique
class Sw(IntEnum):
    """Status words, with their meaning in words (`Sw.describe`)."""

    OK = 0x9000
    END_OF_FILE = 0x6282
    VERIFY_FAILED = 0x63C0  # 63Cx: x tries left
    WRONG_LE = 0x6C00  # 6Cxx: ask again with Le = xx
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    REFERENCE_NOT_FOUND = 0x6A88
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00

    @staticmethod
    def describe(sw: int) -> str:
        """The meaning of any status word, including the 61xx / 63Cx / 6Cxx families."""
        if sw >> 8 == 0x61:
            return f"{sw & 0xFF} more response bytes available"
        if sw >> 8 == 0x6C:
            return f"wrong length, the card expects {sw & 0xFF}"
        if sw & 0xFFF0 == 0x63C0:
            return f"verification failed, {sw & 0x0F} tries left"
        try:
            return _MEANINGS[Sw(sw)]
        except ValueError:
            return "unknown status word"


_MEANINGS = {
    Sw.OK: "success",
    Sw.END_OF_FILE: "end of file reached before the expected length",
    Sw.VERIFY_FAILED: "verification failed, no try left",
    Sw.WRONG_LE: "wrong length",
    Sw.WRONG_LENGTH: "wrong length",
    Sw.SECURITY_NOT_SATISFIED: "security status not satisfied (PIN needed)",
    Sw.AUTH_METHOD_BLOCKED: "authentication method blocked (PIN blocked)",
    Sw.CONDITIONS_NOT_SATISFIED: "conditions of use not satisfied",
    Sw.NO_CURRENT_EF: "no file selected",
    Sw.WRONG_DATA: "incorrect data",
    Sw.FUNCTION_NOT_SUPPORTED: "function not supported",
    Sw.FILE_NOT_FOUND: "file or application not found",
    Sw.WRONG_P1P2: "incorrect parameters P1-P2",
    Sw.REFERENCE_NOT_FOUND: "referenced data not found",
    Sw.WRONG_OFFSET: "offset outside the file",
    Sw.INS_NOT_SUPPORTED: "instruction not supported",
    Sw.CLA_NOT_SUPPORTED: "class not supported",
}
