"""Exceptions that any app may raise and the project answers the same way everywhere."""


class ConflictError(Exception):
    """A write refused because what it would change is no longer open to it (a plan signed or issued
    meanwhile). Nothing was saved; ``faults.ConflictMiddleware`` answers a Vietnamese 409 with the
    exception's message."""
