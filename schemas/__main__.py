"""``python -m schemas``: write ``<config>.schema.json`` beside the models (``--check`` only compares)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from schemas import CONFIGS

HERE = Path(__file__).parent


def render(name: str) -> str:
    """The JSON Schema of one config's record model, as the text written to disk."""
    return json.dumps(CONFIGS[name].model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in CONFIGS:
        path = HERE / f"{name}.schema.json"
        text = render(name)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python -m schemas", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
