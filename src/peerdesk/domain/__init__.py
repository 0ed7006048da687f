"""Plain dataclasses, enums and rules. No database, no Qt."""
