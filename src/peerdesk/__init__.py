"""PeerDesk: supervision, staff and policy records for lived-experience workforces."""

__version__ = "0.1.0"
