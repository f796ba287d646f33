"""Named errors, each saying what was expected."""


class PairaidError(Exception):
    """Base class for errors this package raises on purpose."""


class DocumentError(PairaidError):
    """A bulletin could not be turned into text; ``code`` is the event code recorded."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class ConfigurationError(PairaidError):
    """A setting (database URL, path) is missing or malformed."""


class SchemaOutOfDate(PairaidError):
    """The database's schema revision is not the one this code needs; ``pairaid db upgrade`` fixes it."""

