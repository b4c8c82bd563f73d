"""The declared schema of a rule suite file, checked node by node so every complaint has a line.

The schema is data (``checks/rules.schema.json``, JSON Schema 2020-12, shipped with the package so
editors can complete rule files). Only the keywords it uses are understood here: ``type``, ``enum``,
``properties``, ``additionalProperties``, ``required``, ``items``, ``minItems``, ``minLength``,
``$ref`` to ``#/$defs``, and ``x-checkfacts-count-unit`` (the value must be a count unit checkfacts
knows). Anything else in the schema is a programming error and fails loudly.

Types come from the YAML resolver's tags, not from loading the values: ``suite: 123`` is an int and
is refused as a suite name; ``enabled: "yes"`` is a string, not a boolean.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["SchemaViolation", "count_units", "file_schema", "validate"]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TYPES = {"string": ("str",), "boolean": ("bool",), "integer": ("int",), "number": ("int", "float")}
_KNOWN_KEYWORDS = {
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "type",
    "enum",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minItems",
    "minLength",
    "x-checkfacts-count-unit",
}


class SchemaViolation(Exception):
    """A rule file breaks the schema; the message is 'file:line: what: why'."""


@cache
def file_schema() -> dict[str, Any]:
    """The rule suite file schema shipped inside the package."""
    text = resources.files("checks").joinpath("rules.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def count_units() -> frozenset[str]:
    """Units a whole_units entry may name: checkfacts' count units and the default whole units."""
    from checks.rules import DEFAULT_WHOLE_UNITS
    from checks.units import UNITS

    return frozenset(name for name, unit in UNITS.items() if unit.kind == "count") | frozenset(DEFAULT_WHOLE_UNITS)


def _where(path: str, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def _type_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag).removeprefix(_TAG)
    return {"str": "text", "bool": "true/false", "int": "a number", "float": "a number", "null": "empty"}.get(tag, tag)


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    unknown = set(schema) - _KNOWN_KEYWORDS
    if unknown:
        raise RuntimeError(f"rules.schema.json uses keywords this validator does not know: {sorted(unknown)}")
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = str(ref).removeprefix("#/$defs/")
    return _resolve(root["$defs"][name], root)


def _check_type(path: str, node: yaml.Node, wanted: str, what: str) -> None:
    if wanted == "object":
        ok = isinstance(node, yaml.MappingNode)
    elif wanted == "array":
        ok = isinstance(node, yaml.SequenceNode)
    else:
        ok = isinstance(node, yaml.ScalarNode) and str(node.tag).removeprefix(_TAG) in _SCALAR_TYPES[wanted]
    if not ok:
        expected = {
            "object": "a mapping",
            "array": "a list",
            "string": "text",
            "boolean": "true or false",
            "integer": "a whole number",
            "number": "a number",
        }[wanted]
        raise SchemaViolation(f"{_where(path, node)}: {what} must be {expected}, not {_type_name(node)}")


def validate(
    path: str,
    node: yaml.Node,
    schema: Mapping[str, Any] | None = None,
    what: str = "the file",
    *,
    root: Mapping[str, Any] | None = None,
    units: Collection[str] | None = None,
) -> None:
    """Raise SchemaViolation for the first place where ``node`` breaks ``schema`` (default: the file schema)."""
    root = root if root is not None else file_schema()
    schema = _resolve(schema if schema is not None else root, root)
    if "type" in schema:
        _check_type(path, node, str(schema["type"]), what)
    if "enum" in schema:
        choices = list(schema["enum"])
        if not isinstance(node, yaml.ScalarNode) or node.value not in choices:
            shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else _type_name(node)
            raise SchemaViolation(f"{_where(path, node)}: {what} {shown} is not one of {', '.join(choices)}")
    if isinstance(node, yaml.ScalarNode):
        if len(node.value) < int(schema.get("minLength", 0)):
            raise SchemaViolation(f"{_where(path, node)}: {what} must not be empty")
        if schema.get("x-checkfacts-count-unit"):
            known = count_units() if units is None else units
            if node.value not in known:
                raise SchemaViolation(
                    f"{_where(path, node)}: {what} {node.value!r} is not a count unit checkfacts knows "
                    "(money, lengths and rates are never whole-number units)"
                )
    elif isinstance(node, yaml.SequenceNode):
        if len(node.value) < int(schema.get("minItems", 0)):
            raise SchemaViolation(f"{_where(path, node)}: {what} needs at least {schema['minItems']} item(s)")
        if "items" in schema:
            for item in node.value:
                validate(path, item, schema["items"], what, root=root, units=units)
    elif isinstance(node, yaml.MappingNode):
        _validate_mapping(path, node, schema, what, root, units)


def _validate_mapping(
    path: str,
    node: yaml.MappingNode,
    schema: Mapping[str, Any],
    what: str,
    root: Mapping[str, Any],
    units: Collection[str] | None,
) -> None:
    properties: Mapping[str, Any] = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    seen: set[str] = set()
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or str(key.tag).removeprefix(_TAG) != "str":
            raise SchemaViolation(f"{_where(path, key)}: {what}: keys must be plain names, not {_type_name(key)}")
        name = key.value
        if name in seen:
            raise SchemaViolation(f"{_where(path, key)}: {what}: {name!r} is given twice")
        seen.add(name)
        if name in properties:
            label = name if what == "the file" else f"{what} {name}"
            validate(path, value, properties[name], label, root=root, units=units)
        elif extra is False:
            allowed = ", ".join(sorted(properties))
            raise SchemaViolation(f"{_where(path, key)}: {what}: unknown key {name!r} (allowed: {allowed})")
        elif isinstance(extra, Mapping):
            validate(
                path, value, extra, f"rule {name}" if what == "rules" else f"{what} {name}", root=root, units=units
            )
    for name in schema.get("required", ()):
        if name not in seen:
            raise SchemaViolation(f"{_where(path, node)}: {what}: {name} is required")
