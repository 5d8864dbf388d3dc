"""JSON text written fast is the text ``json.dumps(value, indent=2, ensure_ascii=...)`` writes."""

from __future__ import annotations

import enum
import json
import random
from typing import Any

import pytest

from thp_cli.jsontext import dumps


class Level(enum.IntEnum):
    HIGH = 3


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(10 if depth < 4 else 6)
    if kind == 0:
        return rng.choice(["", "plain", 'quote " and \\ slash', "tab\tnew\nline", "é ✓ 🔥", "\x00\x1f\u2028"])
    if kind == 1:
        return rng.choice([None, True, False])
    if kind == 2:
        return rng.choice([0, -7, 2**70, Level.HIGH])
    if kind == 3:
        return rng.choice([0.0, -0.0, 0.1, 1e300, 2.5e-8, 1 / 3, round(rng.random(), 4)])
    if kind in (4, 5):
        return [rng.choice(["a", "b\n", "ü"]) for _ in range(rng.randrange(4))]
    if kind in (6, 7):
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = [rng.choice(["k", "ключ", 'q"', "x"]) + str(i) for i in range(rng.randrange(4))]
    return {key: _value(rng, depth + 1) for key in keys}


@pytest.mark.parametrize("seed", range(200))
def test_the_same_text_as_json_dumps(seed: int) -> None:
    value = _value(random.Random(seed))
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value, ensure_ascii=True) == json.dumps(value, indent=2)


@pytest.mark.parametrize(
    "value",
    [{"nan": float("nan")}, [float("inf")], {1: "int key"}, {"t": (1, ("a",))}, {"nested": {2.5: None}}],
)
def test_what_the_fast_path_leaves_to_json_is_the_same_too(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value, ensure_ascii=True) == json.dumps(value, indent=2)


def test_a_value_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
