"""The one small tree of strikewatch's own exceptions.

Domain code raises these; only entry points (the CLI, the web app) turn them into messages and exit codes.
"""


class StrikewatchError(Exception):
    """Base class: a problem the user can act on, with a message fit to print as it is."""

    exit_code = 1


class ConfigError(StrikewatchError):
    """A setting or flag has a value we cannot use."""

    exit_code = 2


class DatabaseError(StrikewatchError):
    """The database cannot be reached, or is not initialised or not upgraded."""


class InputError(StrikewatchError):
    """A file or value supplied by the user is malformed (with the place it is wrong)."""

    exit_code = 2


class SourceError(StrikewatchError):
    """A source (feed, outlet, OPML entry) is unknown, duplicated or malformed."""


class FetchError(StrikewatchError):
    """A remote resource could not be fetched or parsed."""


class LockedError(StrikewatchError):
    """Another run holds the lock."""

    exit_code = 75
