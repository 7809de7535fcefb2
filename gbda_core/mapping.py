"""Map the type values users have in their data onto element-type codes.

A value equal to a code, a Dutch name or an alias of the vocabulary (any case) needs no mapping.
Other values take a small mapping file, TOML, YAML or CSV::

    # type_mapping.toml
    [mapping]
    "knotwilgen" = "knotbomenrij"
    "bankje" = ""            # explicitly not a landscape element

    # type_mapping.yaml
    mapping:
      knotwilgen: knotbomenrij

    # type_mapping.csv
    value,element_type
    knotwilgen,knotbomenrij

An empty target means "not a landscape element": such rows are left out and reported as
``ignored_type``. Values that are neither in the vocabulary nor in the mapping are reported as
``unmapped_type`` with their counts; they are never silently dropped.
"""

from __future__ import annotations

import csv
import io
import tomllib
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import yaml

from gbda_core.errors import ConfigError
from gbda_core.problems import Problem, problem_for_rows
from gbda_core.vocabulary import Vocabulary, load_vocabulary, normalise_label

#: Sentinel for values mapped to nothing.
IGNORE = ""


def load_type_mapping(path: str | Path, vocabulary: Vocabulary | None = None) -> dict[str, str]:
    """Read a mapping file into {normalised source value: element-type code or ""}.

    Raises
    ------
    ConfigError
        When the file cannot be read or maps onto a code the vocabulary does not know.
    """
    vocabulary = vocabulary or load_vocabulary()
    path = Path(path)
    if not path.is_file():
        raise ConfigError("mapping file not found", source=str(path))
    text = path.read_text(encoding="utf-8-sig")
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            raw = tomllib.loads(text).get("mapping")
        elif suffix in (".yaml", ".yml"):
            raw = (yaml.safe_load(text) or {}).get("mapping")
        elif suffix == ".csv":
            reader = csv.DictReader(io.StringIO(text))
            if not reader.fieldnames or not {"value", "element_type"} <= set(reader.fieldnames):
                raise ConfigError(
                    "CSV mapping needs the columns value,element_type", source=str(path)
                )
            raw = {row["value"]: row["element_type"] or "" for row in reader}
        else:
            raise ConfigError(
                "unknown mapping format", source=str(path), hint="use .toml, .yaml or .csv"
            )
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot parse mapping: {exc}", source=str(path)) from None
    if not isinstance(raw, dict):
        raise ConfigError(
            "no mapping table found", source=str(path), hint="put the pairs under [mapping]"
        )
    mapping: dict[str, str] = {}
    for value, target in raw.items():
        code = "" if target is None else str(target).strip()
        if code and code not in vocabulary.codes:
            resolved = vocabulary.resolve(code)
            if resolved is None:
                raise ConfigError(
                    f"value {value!r} maps to unknown element type {code!r}",
                    source=str(path),
                    hint="run 'gbda types' for the codes",
                )
            code = resolved
        mapping[normalise_label(value)] = code
    return mapping


def assign_element_types(
    values: pd.Series,
    *,
    mapping: dict[str, str] | None = None,
    vocabulary: Vocabulary | None = None,
    source: str = "",
    layer: str = "",
    field: str = "",
) -> tuple[npt.NDArray[np.int32], list[Problem]]:
    """Map type values to vocabulary indices; -1 where an element does not count.

    Parameters
    ----------
    values
        The type attribute, indexed by row number (feature id).
    mapping
        From :func:`load_type_mapping`; consulted before the vocabulary's own labels.
    vocabulary
        Element vocabulary (default: the shipped one).
    source, layer, field
        For problem reports.

    Returns
    -------
    type_index, problems
        Vocabulary index per row (-1: unmapped, ignored or missing), and the problems found.
    """
    vocabulary = vocabulary or load_vocabulary()
    mapping = mapping or {}
    codes = vocabulary.codes
    where = {"source": source, "layer": layer}
    rows = values.index.to_numpy()
    missing = values.isna().to_numpy()
    index = np.full(len(values), -1, dtype=np.int32)
    problems: list[Problem] = []
    # One look-up per distinct normalised value, not per row.
    codes_of, uniques = pd.factorize(values, sort=True)
    labels = pd.Series([normalise_label(u) for u in uniques], dtype=object)
    label_codes, label_uniques = pd.factorize(labels, sort=True)
    group_of_row = (
        np.where(codes_of >= 0, label_codes[np.maximum(codes_of, 0)], -1)
        if len(uniques)
        else np.full(len(values), -1)
    )
    # Rows are found per group only for the few that become problems.
    code_of_label = np.full(len(label_uniques), -1, dtype=np.int32)
    for g, label in enumerate(label_uniques):
        code = mapping.get(str(label))
        if code is None:
            code = vocabulary.resolve(label)
        if code is not None and code != IGNORE:
            code_of_label[g] = codes.index(code)
            continue
        kind, message = (
            (
                "unmapped_type",
                f"{field or 'type'} value not in the vocabulary or the mapping; "
                "not counted (add it to a mapping file)",
            )
            if code is None
            else ("ignored_type", "mapped to nothing in the mapping file; not counted")
        )
        pos = np.flatnonzero(group_of_row == g)
        problems.append(
            problem_for_rows(
                kind, rows[pos], message, "not_counted", value=str(values.iloc[pos[0]]), **where
            )
        )
    if len(code_of_label):
        index = np.where(group_of_row >= 0, code_of_label[np.maximum(group_of_row, 0)], -1)
        index = index.astype(np.int32)
    if missing.any():
        problems.append(
            problem_for_rows(
                "missing_type",
                rows[missing],
                f"{field or 'type'} is empty; not counted",
                "not_counted",
                **where,
            )
        )
    return index, problems


def read_widths(
    values: pd.Series, *, source: str = "", layer: str = "", field: str = ""
) -> tuple[npt.NDArray[np.float64], list[Problem]]:
    """Parse a width attribute (m); NaN where empty. Non-positive or non-numbers are reported."""
    # Blank text is as empty as a null (shapefiles store empty widths as blanks).
    blank = values.isna().to_numpy() | values.astype("string").str.strip().eq("").to_numpy(
        dtype=bool, na_value=True
    )
    # A copy, as bad widths become NaN below: pandas 3 (copy-on-write) hands out read-only views.
    numbers = pd.to_numeric(values.where(~blank), errors="coerce").to_numpy(dtype=float, copy=True)
    bad = (~blank & np.isnan(numbers)) | (numbers <= 0)
    problems = []
    if bad.any():
        problems.append(
            problem_for_rows(
                "bad_width",
                values.index.to_numpy()[bad],
                f"{field or 'width'} is not a positive number of metres; type default used",
                "default_used",
                source=source,
                layer=layer,
            )
        )
        numbers[bad] = np.nan
    return numbers, problems
