"""The JSON Schema of a bouwsteen file, generated from the pydantic model.

``natuurbouwstenen/bouwsteen.schema.json`` is this schema, written out for editors (VS Code with
the YAML or Even Better TOML extensions, for instance) and for provinces that write their own
files. Regenerate it after changing :mod:`natuurbouwstenen.schema`::

    python -m natuurbouwstenen.jsonschema

A test checks that the file equals what the model generates. The schema covers each file on its
own; the cross-file rules (ids equal to file names, ``counts_as`` codes, ``combinations``) are
checked by ``gbda catalogue validate``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from natuurbouwstenen.schema import Bouwsteen

SCHEMA_FILE = Path(__file__).with_name("bouwsteen.schema.json")


def bouwsteen_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one bouwsteen file."""
    schema = Bouwsteen.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Natuurbouwsteen",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def schema_text() -> str:
    """Return the schema as the text of ``bouwsteen.schema.json``."""
    return json.dumps(bouwsteen_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    from gbda_core.output import write_text

    write_text(SCHEMA_FILE, schema_text())
    print(f"written: {SCHEMA_FILE}")
