"""Schemathesis hooks for scripts/fuzz_api.sh: bodies of the text media types the API takes
besides JSON (NDJSON of interactions:bulk, a raw email for the email hook) go as they were made."""

import schemathesis


@schemathesis.serializer("application/x-ndjson", "message/rfc822")
def as_text(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")
