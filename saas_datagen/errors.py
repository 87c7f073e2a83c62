"""Errors caused by the user's input or environment: shown as one line, never a traceback."""


class UserFacingError(Exception):
    """Something the user can fix (bad URL, unreachable server, bad flag value)."""
