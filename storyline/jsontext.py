"""JSON text of stored values with the standard library's C encoder built once, not on every call."""
from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring
from typing import Any, Callable


def encoder(separators: tuple[str, str] = (", ", ": ")) -> Callable[[Any], str]:
    """What json.dumps(value, ensure_ascii=False, separators=separators) gives, for values without
    reference cycles (none is checked for): json.dumps builds a new C encoder per call, which was
    most of its cost on the small dicts and lists the store keeps per span and per event."""
    plain = json.JSONEncoder(ensure_ascii=False, separators=separators)
    if c_make_encoder is None:  # an interpreter without the C accelerator
        return plain.encode
    item_sep, key_sep = separators
    chunks = c_make_encoder(None, plain.default, encode_basestring, None, key_sep, item_sep,
                            False, False, True)

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return encode_basestring(value)
        return "".join(chunks(value, 0))

    return encode
