"""`@record`: a dataclass's behaviour without a dataclass's compiling (issue 19, fourth round).

Python 3.11's `@dataclass` writes `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` as source text and compiles each (one `exec` apiece) when
its module is imported: 0.5 ms a class on this project's machine, and `next` imported 42
dataclasses, `report` 71 (cProfile of main: `dataclasses._process_class` was 31 of `next`'s
148 ms and 56 of `report`'s 235). A record is the same class, slotted as
`@dataclass(frozen=True, slots=True)` makes it, for a small part of that: see `record`.

`slotted.Frozen` is the hand-written kind, for the few classes of `pain`'s path.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar, dataclass_transform, get_origin, overload

from paceit.record_init import FACTORY, MISSING, Field, field, generic_init, slot

__all__ = ["MISSING", "Field", "field", "field_names", "record", "replace"]

_C = TypeVar("_C", bound=type)
_R = TypeVar("_R")


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, frozen: bool = True) -> Callable[[_C], _C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: Any = None, /, *, frozen: bool = True) -> Any:
    """`@dataclass(frozen=True, slots=True)` (or `frozen=False`) without its compiling.

    Why: Python 3.11's dataclass compiles six methods per class, one `exec` each, when its
    module is imported: about 0.5 ms a class here, and `next` imported 42 dataclasses,
    `report` 71 (cProfile of main: `_process_class` was 31 of `next`'s 148 ms, 56 of
    `report`'s 235). A record is made the way `slots=True` makes one (a new class with
    the fields in `__slots__`, about 30 us) and shares precompiled `__eq__`, `__hash__`,
    `__repr__`, `__setattr__`, `__delattr__` and pickling that read the fields from the
    class (as Python 3.13 batches them). Its `__init__` is generic for its first
    instances and compiled (one `exec`) only for a class built more often than that:
    see `record_init.py`. On `next` 8 classes of 39 compile, on `report` 13 of 68.

    Same behaviour as the dataclass: the `__init__` signature (defaults, `field(...)`,
    `init=False`, `__post_init__`, inherited fields first), equality and hash over the
    compared fields as a tuple, the repr, `FrozenInstanceError` on assignment, pickling
    and copies; `dataclasses.fields`/`replace`/`asdict`/`is_dataclass` work on a record
    (through `__dataclass_fields__`, made on first asking), and so does
    `inspect.signature`. The functions here, `replace` and `field_names`, import neither
    `dataclasses` nor `inspect`. Not supported (not used): `InitVar`, `kw_only`, `order`,
    `unsafe_hash`, `hash=`, `metadata`.
    """

    def wrap(cls: type) -> type:
        return _record_class(cls, frozen)

    return wrap if cls is None else wrap(cls)


def _record_class(cls: type, frozen: bool) -> type:
    """The slotted class: the fields' defaults leave the namespace for `__init__`."""
    specs = _inherited_fields(cls, frozen)
    namespace = dict(cls.__dict__)
    for name, kind in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063 (as dataclasses; no inspect)
        if not _is_classvar(kind):
            value = namespace.pop(name, MISSING)
            spec = value if isinstance(value, Field) else Field(value, MISSING, True, True, True)
            spec.name, spec.type = name, kind
            _check_default(cls, spec)
            specs[name] = spec  # a redefined inherited field keeps its place, as in a dataclass
    _check_order(cls, specs.values())
    inherited = {slot for base in cls.__mro__[1:-1] for slot in base.__dict__.get("__slots__", ())}
    namespace["__slots__"] = tuple(name for name in specs if name not in inherited)
    namespace.pop("__dict__", None)
    namespace.pop("__weakref__", None)
    _add_methods(namespace, tuple(specs.values()), frozen)
    made: type = type(cls)(cls.__name__, cls.__bases__, namespace)
    made.__qualname__ = cls.__qualname__
    _rebind_class_cells(namespace, cls, made)
    return made


def _inherited_fields(cls: type, frozen: bool) -> dict[str, Field]:
    specs: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:-1]):
        if "_record_fields" in base.__dict__:
            if base.__dict__["_record_frozen"] != frozen:
                raise TypeError(f"{cls.__name__}: a frozen record and a mutable one cannot inherit from each other")
            specs.update((spec.name, spec) for spec in base.__dict__["_record_fields"])
    return specs


def _is_classvar(kind: Any) -> bool:
    """`ClassVar[...]` as an annotation, also as a string (postponed annotations)."""
    if isinstance(kind, str):
        return kind.startswith(("ClassVar", "typing.ClassVar"))
    return kind is ClassVar or get_origin(kind) is ClassVar


def _check_default(cls: type, spec: Field) -> None:
    if spec.default.__class__.__hash__ is None:  # the dataclass's test for list, dict, set
        raise ValueError(
            f"{cls.__name__}.{spec.name}: mutable default {type(spec.default)} is not allowed: use default_factory"
        )
    if spec.name == "self" or spec.name.startswith("_rec_"):
        raise TypeError(f"{cls.__name__}.{spec.name}: a name the generated __init__ uses itself")


def _check_order(cls: type, specs: Iterable[Field]) -> None:
    """A field without a default may not follow one with (the `__init__` would not compile)."""
    seen_default = False
    for spec in specs:
        if spec.init:
            has_default = spec.default is not MISSING or spec.default_factory is not MISSING
            if seen_default and not has_default:
                raise TypeError(f"{cls.__name__}: non-default argument {spec.name!r} follows default argument")
            seen_default = seen_default or has_default


def _add_methods(namespace: dict[str, Any], specs: tuple[Field, ...], frozen: bool) -> None:
    """The shared methods, each unless the class writes its own (as a dataclass does)."""
    class_hash = namespace.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in namespace))
    compared = tuple(spec.name for spec in specs if spec.compare)
    namespace["_record_fields"] = specs
    namespace["_record_frozen"] = frozen
    namespace["_record_names"] = frozenset(spec.name for spec in specs)
    namespace["_record_shown"] = tuple(spec.name for spec in specs if spec.repr)
    namespace["_record_key"] = staticmethod(_key_getter(compared))
    namespace["__dataclass_fields__"] = _AS_DATACLASS
    namespace["__signature__"] = _SIGNATURE
    methods: dict[str, Any] = {"__init__": generic_init, "__repr__": _record_repr, "__eq__": _record_eq}
    namespace["_record_params"] = tuple(spec.name for spec in specs if spec.init)
    methods["__match_args__"] = namespace["_record_params"]
    if frozen:
        methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
        methods.update(__getstate__=_frozen_getstate, __setstate__=_frozen_setstate)
    for name, method in methods.items():
        namespace.setdefault(name, method)
    if not explicit_hash:
        namespace["__hash__"] = _record_hash if frozen else None


def _key_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The compared fields of an instance as a tuple (as the dataclass's methods build it)."""
    if len(names) > 1:
        return attrgetter(*names)  # in C
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _rebind_class_cells(namespace: dict[str, Any], old: type, new: type) -> None:
    """Zero-argument `super()` and `__class__` in a method name the class they were
    written in: the new class, not the one the class statement made (Python 3.14's fix)."""
    for value in namespace.values():
        function = value.fget if isinstance(value, property) else getattr(value, "__func__", value)
        for cell in getattr(function, "__closure__", None) or ():
            try:
                if cell.cell_contents is old:
                    cell.cell_contents = new
            except ValueError:  # an empty cell
                continue


@reprlib.recursive_repr()
def _record_repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_shown)
    return f"{self.__class__.__qualname__}({shown})"


def _record_eq(self: Any, other: Any) -> Any:
    """Equal when of the very same class with equal compared fields, as a dataclass."""
    if other.__class__ is self.__class__:
        key = self._record_key
        return key(self) == key(other)
    return NotImplemented


def _record_hash(self: Any) -> int:
    return hash(self._record_key(self))


def _frozen_error(name: str, verb: str) -> AttributeError:
    """The dataclass's own error (imported only when raised: a bug, never a daily path)."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError(f"cannot {verb} field {name!r}")


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    """As a frozen dataclass: no assignment to a record; a plain subclass may add its own."""
    if "_record_fields" in type(self).__dict__ or name in self._record_names:
        raise _frozen_error(name, "assign to")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if "_record_fields" in type(self).__dict__ or name in self._record_names:
        raise _frozen_error(name, "delete")
    object.__delattr__(self, name)


def _frozen_getstate(self: Any) -> list[Any]:
    """Pickles and copies hold the fields' values, as a frozen slotted dataclass's do."""
    return [getattr(self, spec.name) for spec in self._record_fields]


def _frozen_setstate(self: Any, state: list[Any]) -> None:
    for spec, value in zip(self._record_fields, state, strict=True):
        slot(type(self), spec.name).__set__(self, value)


class _AsDataclass:
    """`__dataclass_fields__` of every record, made on first asking (by `dataclasses`'
    `fields`, `replace`, `asdict`, `is_dataclass`, or pytest's assertion messages): the
    fields of a dataclass made by `make_dataclass` from the record's, then kept on the class."""

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        import dataclasses

        specs = owner._record_fields  # type: ignore[attr-defined]
        shadow = dataclasses.make_dataclass(
            owner.__name__,
            [(s.name, s.type, _dataclass_field(s)) for s in specs],
            frozen=owner._record_frozen,  # type: ignore[attr-defined]
        )
        fields: dict[str, Any] = shadow.__dataclass_fields__  # type: ignore[attr-defined]
        owner.__dataclass_fields__ = fields  # type: ignore[attr-defined]
        return fields


def _dataclass_field(spec: Field) -> Any:
    import dataclasses

    init, shown, compare = spec.init, spec.repr, spec.compare
    if spec.default_factory is not MISSING:
        return dataclasses.field(default_factory=spec.default_factory, init=init, repr=shown, compare=compare)
    if spec.default is not MISSING:
        return dataclasses.field(default=spec.default, init=init, repr=shown, compare=compare)
    return dataclasses.field(init=init, repr=shown, compare=compare)


_AS_DATACLASS = _AsDataclass()


class _Signature:
    """`inspect.signature` of a record class: its `__init__`'s, also while the generic one
    (`*args, **kwargs`) stands in for it."""

    def __get__(self, instance: object, owner: type) -> Any:
        if instance is not None:
            raise AttributeError("__signature__")
        import inspect

        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        params = [
            inspect.Parameter(s.name, kind, default=FACTORY if s.default_factory is not MISSING else s.default)
            if s.default_factory is not MISSING or s.default is not MISSING
            else inspect.Parameter(s.name, kind)
            for s in owner._record_fields  # type: ignore[attr-defined]
            if s.init
        ]
        return inspect.Signature(params)


_SIGNATURE = _Signature()


def replace(obj: _R, /, **changes: Any) -> _R:
    """`dataclasses.replace` for a record: a new one with some fields changed."""
    for spec in obj._record_fields:  # type: ignore[attr-defined]
        if not spec.init:
            if spec.name in changes:
                raise ValueError(
                    f"field {spec.name} is declared with init=False, it cannot be specified with replace()"
                )
        elif spec.name not in changes:
            changes[spec.name] = getattr(obj, spec.name)
    return obj.__class__(**changes)


def field_names(obj: object) -> tuple[str, ...]:
    """The names of a record's (or a record class's) fields, in order: `dataclasses.fields`."""
    kind = obj if isinstance(obj, type) else type(obj)
    return tuple(spec.name for spec in kind._record_fields)  # type: ignore[attr-defined]
