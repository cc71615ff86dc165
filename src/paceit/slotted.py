"""Plain value classes for the modules every command imports (issue 19).

Why not `@dataclass` there: a dataclass writes its `__init__`, `__repr__`, `__eq__` and
(frozen) `__setattr__` as source text and compiles them when its module is imported,
0.3-1.2 ms a class on this project's machine, and `pain` and `log` import about ten of
them before doing anything (plus the `dataclasses` module itself). A class here declares
its fields once, in `__slots__` (with their types as class annotations for mypy), writes
its own `__init__`, and gets from `Frozen` what the dataclass gave it: equality and hash
over the fields in order, the same repr (`Stamp(at_utc='...', day='...', utc_offset=60)`)
and no assignment after `__init__`. Nothing is compiled at import.

The other value classes of the daily and report paths are `recordtype.record`s: the same
behaviour with one compile per class (their `__init__`), not a hand-written one.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar


class Frozen:
    """An immutable record of `__slots__`: equal when of the same class with equal fields,
    hashable over them, and shown as a dataclass is. Subclass it once (one level): the
    fields are the subclass's `__slots__` in their order (so not sorted: `noqa: RUF023`), set
    by its `__init__` through `_fill`."""

    __slots__: tuple[str, ...] = ()
    # Per subclass, made once when it is defined: the fields' setters (which bypass the
    # refusing `__setattr__`) and a getter of all the fields as a tuple, both in C.
    _setters: ClassVar[tuple[Callable[[Any, Any], None], ...]] = ()
    _getter: ClassVar[Callable[[Any], Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._setters = tuple(vars(cls)[name].__set__ for name in cls.__slots__)
        cls._getter = attrgetter(*cls.__slots__)  # not a function: never bound to an instance

    def _fill(self, *values: Any) -> None:
        """Set every field, in `__slots__` order, once (from `__init__` only)."""
        for setter, value in zip(self._setters, values, strict=True):
            setter(self, value)

    def _values(self) -> tuple[Any, ...]:
        found = type(self)._getter(self)
        return found if len(self.__slots__) > 1 else (found,)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Copies and pickles rebuild through `__init__` (the default would assign fields)."""
        return (self.__class__, self._values())
