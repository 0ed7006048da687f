"""Use cases: one unit of work per call, access rules and audit. Returns dataclasses, no Qt."""
