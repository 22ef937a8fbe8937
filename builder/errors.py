"""Error types, by scope. The CLI turns each into one line on stderr and an exit code.

- :class:`ClaimsetError` and its subclasses are *fatal* for the command: exit 1.
- :class:`DocumentError` concerns one input document: the build skips it, lists it in the build report
  with its reason, and goes on with the others.
- :class:`RetryableError` is a passing fault (network, server busy): safe calls retry it with backoff.
"""

from __future__ import annotations


class ClaimsetError(Exception):
    """A failure that ends the command (exit code 1). The message is one line and names what failed."""


class ConfigError(ClaimsetError):
    """The build config cannot be read or has an unknown or invalid key."""


class InputError(ClaimsetError):
    """The input folder is missing or holds no articles."""


class ReleaseError(ClaimsetError):
    """A release cannot be written or verified (for example: the version exists already)."""


class StudioError(ClaimsetError):
    """Label Studio cannot be reached, refused the token or answered with an error."""


class RetryableError(StudioError):
    """A passing fault: timeouts, connection resets, HTTP 5xx. Safe calls retry it."""


class DocumentError(Exception):
    """One input document cannot be used; ``reason`` is a short code for the build report."""

    def __init__(self, source: str, reason: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # picklable, so worker processes can return it
        return (type(self), (self.source, self.reason, self.detail))
