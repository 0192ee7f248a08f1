"""Bytes to NFC text, refusing binary and non-UTF-8 input with one clear reason."""
from __future__ import annotations

import re
import unicodedata

_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TRAILING_WS = re.compile(r"[ ]+\n")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_MULTI_SPACE = re.compile(r" {2,}")


class DecodeError(ValueError):
    """The bytes are not UTF-8 text we can read; the message says why in one line."""


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a BOM: NUL bytes in every other position of mostly-ASCII text."""
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM allowed); raise DecodeError naming the problem otherwise."""
    if not data or not data.strip():
        raise DecodeError("empty file (no text)")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DecodeError("UTF-16 text (byte-order mark found); save the file as UTF-8")
    sample = data[:4096]
    if b"\x00" in sample:
        if _looks_utf16(sample):
            raise DecodeError("looks like UTF-16 without a byte-order mark; save the file as UTF-8")
        raise DecodeError("binary file (contains NUL bytes), not text")
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise DecodeError(f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}); "
                          "save the file as UTF-8") from None
    controls = len(_CONTROL.findall(text[:4096]))
    if controls > 8 and controls > 0.01 * min(len(text), 4096):
        raise DecodeError(f"binary file ({controls} control characters in the first 4 KB), not text")
    return text


def normalize(text: str) -> str:
    """NFC, LF line ends, plain spaces, no invisible marks, at most one blank line in a row."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, repl in ((_INVISIBLE, ""), (_CONTROL, ""), (_ODD_SPACES, " ")):
        if pattern.search(text):
            text = pattern.sub(repl, text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    if " \n" in text:
        text = _TRAILING_WS.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
