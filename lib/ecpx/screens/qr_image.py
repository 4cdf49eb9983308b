"""A real QR code as PNG bytes, for an ipywidgets Image."""

from __future__ import annotations

import io
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# Any of the 8 mask patterns gives a valid code; fixing one skips the search for the "best"
# (which costs ~10 ms a code) so that a click that renews the QR code stays fast.
MASK_PATTERN = 0


@lru_cache(maxsize=8)
def qr_png(payload: str, box_size: int = 5) -> bytes:
    """The QR code of `payload`, as PNG bytes (cached: a payload is drawn once)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=2,
                         mask_pattern=MASK_PATTERN)
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
