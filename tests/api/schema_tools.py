"""Validates API responses against components of the generated OpenAPI 3.0 schema, with jsonschema."""

import jsonschema


def to_json_schema(node):
    """OpenAPI 3.0's `nullable: true` means "or null"; JSON Schema spells that with anyOf."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: to_json_schema(value) for key, value in node.items() if key not in ("nullable", "discriminator")}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator_for(schema, component):
    root = {"$ref": f"#/components/schemas/{component}", "components": to_json_schema(schema["components"])}
    return jsonschema.Draft7Validator(root)


def errors_against(schema, component, instance):
    """Readable validation errors of `instance` against the named component; [] when it conforms."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator_for(schema, component).iter_errors(instance)
    ]
