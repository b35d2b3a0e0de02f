#!/usr/bin/env python3
"""validate-sarif.py [--builtin] [--quiet] file.sarif...

Validates SARIF logs against the SARIF 2.1.0 JSON schema shipped beside this
script (see README.md for where it comes from). Uses the jsonschema module
when it is installed; --builtin (or a missing module) uses the validator
below, which implements the keywords the schema uses. Prints
`<file>: valid SARIF 2.1.0` per file, or `<file>: error: <path>: <what>` per
violation and exits 1.
"""
import argparse
import json
import os
import re
import sys
from urllib.parse import urlparse

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "sarif-schema-2.1.0.json")

# Keywords that only annotate.
ANNOTATIONS = {"$schema", "$id", "id", "title", "description", "default",
               "definitions"}
KNOWN = ANNOTATIONS | {"$ref", "type", "enum", "required", "properties",
                       "additionalProperties", "items", "minItems",
                       "uniqueItems", "minimum", "maximum", "pattern",
                       "format", "oneOf", "anyOf"}

URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def type_ok(value, t):
    if t == "object":
        return isinstance(value, dict)
    if t == "array":
        return isinstance(value, list)
    if t == "string":
        return isinstance(value, str)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer())
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "null":
        return value is None
    raise ValueError(f"schema uses unknown type {t!r}")


def format_ok(value, fmt):
    if not isinstance(value, str):
        return True
    if fmt in ("uri", "uri-reference"):
        if not URI_CHARS.match(value):
            return False
        return fmt == "uri-reference" or bool(urlparse(value).scheme)
    if fmt == "date-time":
        return bool(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value))
    return True


class Builtin:
    def __init__(self, schema):
        self.root = schema

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError(f"schema uses non-local $ref {ref!r}")
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def errors(self, value, schema, path="$"):
        unknown = set(schema) - KNOWN
        if unknown:
            raise ValueError(f"schema uses keywords {sorted(unknown)} this validator lacks")
        if "$ref" in schema:
            yield from self.errors(value, self.resolve(schema["$ref"]), path)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(type_ok(value, t) for t in types):
                yield path, f"{json.dumps(value)[:60]} is not of type {' or '.join(types)}"
                return
        if "enum" in schema and value not in schema["enum"]:
            yield path, f"{json.dumps(value)[:60]} is not one of {schema['enum']}"
        if "format" in schema and not format_ok(value, schema["format"]):
            yield path, f"{value!r} is not a valid {schema['format']}"
        if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
            yield path, f"{value!r} does not match {schema['pattern']!r}"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield path, f"{value} is less than the minimum of {schema['minimum']}"
            if "maximum" in schema and value > schema["maximum"]:
                yield path, f"{value} is greater than the maximum of {schema['maximum']}"
        if isinstance(value, dict):
            props = schema.get("properties", {})
            for key in schema.get("required", []):
                if key not in value:
                    yield path, f"'{key}' is a required property"
            for key, v in value.items():
                if key in props:
                    yield from self.errors(v, props[key], f"{path}.{key}")
                elif schema.get("additionalProperties") is False:
                    yield path, f"additional property '{key}' is not allowed"
                elif isinstance(schema.get("additionalProperties"), dict):
                    yield from self.errors(v, schema["additionalProperties"], f"{path}.{key}")
        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                yield path, f"has {len(value)} items, fewer than {schema['minItems']}"
            if schema.get("uniqueItems"):
                seen = []
                for v in value:
                    if v in seen:
                        yield path, f"has non-unique elements ({json.dumps(v)[:60]})"
                        break
                    seen.append(v)
            if isinstance(schema.get("items"), dict):
                for i, v in enumerate(value):
                    yield from self.errors(v, schema["items"], f"{path}[{i}]")
        if "anyOf" in schema:
            if not any(not list(self.errors(value, s, path)) for s in schema["anyOf"]):
                yield path, "is not valid under any of the given schemas (anyOf)"
        if "oneOf" in schema:
            n = sum(1 for s in schema["oneOf"] if not list(self.errors(value, s, path)))
            if n != 1:
                yield path, f"is valid under {n} of the oneOf schemas, not exactly one"


def jsonschema_errors(log, schema):
    import jsonschema
    cls = jsonschema.validators.validator_for(schema)
    v = cls(schema, format_checker=cls.FORMAT_CHECKER if hasattr(cls, "FORMAT_CHECKER") else None)
    for e in sorted(v.iter_errors(log), key=lambda e: list(e.absolute_path)):
        where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
        yield where, e.message


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--builtin", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    with open(SCHEMA) as f:
        schema = json.load(f)
    use_builtin = a.builtin
    if not use_builtin:
        try:
            import jsonschema  # noqa: F401
        except ImportError:
            use_builtin = True
    failed = False
    for name in a.files:
        try:
            with open(name) as f:
                log = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{name}: error: $: not a JSON file: {e}")
            failed = True
            continue
        errs = list(Builtin(schema).errors(log, schema) if use_builtin
                    else jsonschema_errors(log, schema))
        for where, what in errs:
            print(f"{name}: error: {where}: {what}")
        failed |= bool(errs)
        if not errs and not a.quiet:
            print(f"{name}: valid SARIF 2.1.0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
