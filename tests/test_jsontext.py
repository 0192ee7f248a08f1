"""jsontext.encoder: the text json.dumps gives, with the encoder built once."""
from __future__ import annotations

import json

import pytest

from storyline import jsontext

VALUES = [
    "Nga", "dấu \"ngoặc\" và \\ gạch\n", "", None, True, False, 0, -7, 2**70, 1.5, 0.1, 1e300, float("nan"),
    float("inf"), [], {}, ["Nga", "Mỹ"], {"name": "Brazil", "role": None, "metonymy": False, "kb": True,
                                         "evidence": [12, 40], "score": 0.35, "nested": {"a": [1, {"b": "c"}]}},
    {1: "int key", "x": [None, 2.0]},
]


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_same_text_as_json_dumps(value, separators):
    assert jsontext.encoder(separators)(value) == json.dumps(value, ensure_ascii=False, separators=separators)


def test_what_json_cannot_encode_still_fails():
    with pytest.raises(TypeError):
        jsontext.encoder()({"x": object()})
