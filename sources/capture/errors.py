"""The one shape of a refusal that crosses the extraction child process:
a code, and a message a journalist can act on, made from a table of them."""

from typing import Any, ClassVar, Self


class CodedError(Exception):
    """An error with a ``code`` and a plain-words ``message``.

    Both are the exception's arguments, so it pickles and unpickles whole:
    it may be raised in a child process and re-raised in the parent.
    Subclasses give ``MESSAGES``, the message of each code, which
    ``because`` fills in.
    """

    MESSAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    @classmethod
    def because(cls, code: str, **details: Any) -> Self:
        return cls(code, cls.MESSAGES[code].format(**details))
