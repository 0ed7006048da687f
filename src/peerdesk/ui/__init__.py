"""The PySide6 front end. Talks only to services/; never to SQLAlchemy or store/."""
