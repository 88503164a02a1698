"""The exceptions of the package: each carries the message the ``cevns`` command prints
(file, key, what is allowed) and the command's exit code for the same failure."""


class CevnsError(RuntimeError):
    """A failure reported by the C library.

    Attributes: ``message`` (the command's message, without ``cevns: error:``), ``status``
    (the library's status number) and ``exit_code`` (what ``cevns`` exits with, docs/cli.md).
    """

    def __init__(self, message, status=None, exit_code=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.exit_code = exit_code


class ConfigError(CevnsError, ValueError):
    """A config that cannot be read or used: invalid JSON, a key out of range, a missing or
    malformed data file it names (exit codes 3 and 4 of the command)."""


class PhysicsError(CevnsError, ValueError):
    """Physically invalid input, e.g. a negative energy (exit code 6)."""


class UnavailableError(CevnsError):
    """An engine or feature this build does not have, e.g. ``engine="cuda"`` without CUDA
    (exit code 9)."""


# exit codes of the command (include/cevns/status.h) -> the exception raised
_BY_EXIT_CODE = {3: ConfigError, 4: ConfigError, 6: PhysicsError, 9: UnavailableError}


def error_for_status(status, exit_code, message):
    """The exception for a library status (called by the C module)."""
    return _BY_EXIT_CODE.get(exit_code, CevnsError)(message, status, exit_code)
