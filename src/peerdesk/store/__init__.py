"""Storage: SQLAlchemy tables, engine and sessions, migrations, file checks and backups."""
