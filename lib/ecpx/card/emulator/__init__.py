"""The virtual CPS card: fictitious holders, the card's files and logic, and its vpcd bridge."""

from .card import CPS3_ATR, VITALE_ATR, OtherCard, VirtualCard, VirtualCps3
from .holders import DEFAULT_HOLDER, HOLDERS, FictitiousHolder, holder_named

__all__ = [
    "CPS3_ATR", "DEFAULT_HOLDER", "HOLDERS", "VITALE_ATR", "FictitiousHolder", "OtherCard",
    "VirtualCard", "VirtualCps3", "holder_named",
]
