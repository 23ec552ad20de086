"""Both OpenAPI documents as a real client reads them: valid OpenAPI 3.1.

Wagtail 8.0.1's ``AllowAnonymous`` declares a security scheme of ``type: http`` with no
``scheme``, which the specification does not allow (openapi-spec-validator refuses it, and
client generators with it). OpenAPI already has a way to say "or no credential at all": an
empty requirement, ``{}``, in an operation's ``security`` list. So the served document drops
such schemes and writes each requirement that named only them as ``{}``.
"""

from ninja import NinjaAPI

ANONYMOUS = {}  # the empty security requirement: no credential needed


def scheme_is_incomplete(scheme):
    return scheme.get("type") == "http" and not scheme.get("scheme")


def without_incomplete_schemes(requirements, incomplete):
    fixed = []
    for requirement in requirements:
        kept = {name: scopes for name, scopes in requirement.items() if name not in incomplete}
        if kept or ANONYMOUS not in fixed:
            fixed.append(kept)
    return fixed


def valid_openapi(schema):
    """`schema` (a dict, changed in place and returned) without incomplete security schemes."""
    schemes = schema.get("components", {}).get("securitySchemes", {})
    incomplete = {name for name, scheme in schemes.items() if scheme_is_incomplete(scheme)}
    if not incomplete:
        return schema
    for name in incomplete:
        del schemes[name]
    if "security" in schema:
        schema["security"] = without_incomplete_schemes(schema["security"], incomplete)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = without_incomplete_schemes(
                    operation["security"], incomplete
                )
    return schema


def serve_valid_openapi(api: NinjaAPI) -> None:
    """Serve `api`'s document (this project's and v3's) through `valid_openapi`."""
    if getattr(api, "serves_valid_openapi", False):
        return
    build = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return valid_openapi(build(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
    api.serves_valid_openapi = True
