"""The virtual CPS card: fictitious holders, the card's files and logic, and its vpcd bridge."""

from .card import CPS3_ATR, VITALE_ATR, OtherCard, VirtualCard, VirtualCps3
from .holders import DEFAULT_HOLDER, HOLDERS, FictitiousHolder, holder_named
from .layouts import DEFAULT_LAYOUT, LAYOUTS, Layout

__all__ = [
    "CPS3_ATR",
    "DEFAULT_HOLDER",
    "DEFAULT_LAYOUT",
    "HOLDERS",
    "LAYOUTS",
    "VITALE_ATR",
    "FictitiousHolder",
    "Layout",
    "OtherCard",
    "VirtualCard",
    "VirtualCps3",
    "holder_named",
]
