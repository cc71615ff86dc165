"""The `__init__` of a record (`recordtype.record`), and what a field declares for it.

A record's first instances are built by `generic_init`, which compiles nothing; the
instance after `COMPILE_AFTER` of them compiles the class's own `__init__`, the one a
dataclass would have written (one `exec`, about 100 us here, against about 4 us a call
of the generic one): a class built a few times a run, as most of the report's are, never
pays for a compile, and one built per session or per day soon has its fast `__init__`
(0.63 us for `SessionRecord`, 0.99 us as a dataclass: its frozen fields are set through
their slots' setters, not `object.__setattr__`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

_R = TypeVar("_R")


class _Sentinel:
    """No default (`MISSING`), or one from the factory (`<factory>`, in `__init__`'s
    signature): sentinels of their own, as `dataclasses` has them."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


MISSING: Any = _Sentinel("MISSING")
FACTORY: Any = _Sentinel("<factory>")


class Field:
    """One field of a record, as `dataclasses.Field` describes one (the options used here)."""

    __slots__ = ("compare", "default", "default_factory", "init", "name", "repr", "type")

    def __init__(self, default: Any, default_factory: Any, init: bool, repr: bool, compare: bool) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name, self.type = "", None
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.compare = init, repr, compare


@overload
def field(*, default: _R, init: bool = True, repr: bool = True, compare: bool = True) -> _R: ...
@overload
def field(*, default_factory: Callable[[], _R], init: bool = True, repr: bool = True, compare: bool = True) -> _R: ...
@overload
def field(*, init: bool = True, repr: bool = True, compare: bool = True) -> Any: ...
def field(
    *,
    default: Any = MISSING,
    default_factory: Any = MISSING,
    init: bool = True,
    repr: bool = True,
    compare: bool = True,
) -> Any:
    """A field's options, as `dataclasses.field` takes them (no `hash`, `kw_only`, `metadata`)."""
    return Field(default, default_factory, init, repr, compare)


COMPILE_AFTER = 16  # instances a class's generic `__init__` builds before it compiles its own


def generic_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """Every record's `__init__` until it has been called `COMPILE_AFTER` times for its
    class: binds the arguments as the compiled one does, then hands over to it."""
    owner: Any = next(c for c in type(self).__mro__ if c.__dict__.get("__init__") is generic_init)
    calls = owner.__dict__.get("_record_calls", 0)
    if calls >= COMPILE_AFTER:
        init = compiled_init(owner)
        owner.__init__ = init
        init(self, *args, **kwargs)
        return
    owner._record_calls = calls + 1
    values = _bound(owner, args, kwargs)
    assign = object.__setattr__ if owner._record_frozen else setattr
    for spec in owner._record_fields:
        if spec.name in values:
            value = values[spec.name]
        elif spec.default_factory is not MISSING:
            value = spec.default_factory()
        elif spec.default is not MISSING:
            value = spec.default
        else:
            continue  # an `init=False` field without a default: set by `__post_init__`
        assign(self, spec.name, value)
    if hasattr(owner, "__post_init__"):
        self.__post_init__()


def _bound(cls: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The arguments by field name, refused as Python refuses them for the compiled `__init__`."""
    params = cls._record_params
    if len(args) > len(params):
        raise TypeError(f"__init__() takes {len(params) + 1} positional arguments but {len(args) + 1} were given")
    values = dict(zip(params, args, strict=False))
    for name, value in kwargs.items():
        if name not in params:
            raise TypeError(f"__init__() got an unexpected keyword argument {name!r}")
        if name in values:
            raise TypeError(f"__init__() got multiple values for argument {name!r}")
        values[name] = value
    for spec in cls._record_fields:
        no_default = spec.default is MISSING and spec.default_factory is MISSING
        if spec.init and no_default and spec.name not in values:
            raise TypeError(f"__init__() missing 1 required positional argument: {spec.name!r}")
    return values


def compiled_init(cls: Any) -> Callable[..., None]:
    """The dataclass's `__init__`, one `exec`: a frozen record's fields are set through
    their slots' setters (a dataclass calls `object.__setattr__`, slower), a mutable
    one's by plain assignment."""
    env: dict[str, Any] = {"_rec_FACTORY": FACTORY}
    params, lines = ["self"], []
    for i, spec in enumerate(cls._record_fields):
        name, value, default = spec.name, spec.name, ""
        if spec.default_factory is not MISSING:
            env[f"_rec_factory{i}"] = spec.default_factory
            value = f"_rec_factory{i}() if {name} is _rec_FACTORY else {name}" if spec.init else f"_rec_factory{i}()"
            default = "_rec_FACTORY"
        elif spec.default is not MISSING:
            env[f"_rec_default{i}"] = spec.default
            default = f"_rec_default{i}"
            value = name if spec.init else default
        elif not spec.init:
            continue  # set by `__post_init__`
        if spec.init:
            params.append(f"{name}={default}" if default else name)
        if cls._record_frozen:
            env[f"_rec_set{i}"] = slot(cls, name).__set__
            lines.append(f"_rec_set{i}(self, {value})")
        else:
            lines.append(f"self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        lines.append("self.__post_init__()")
    body = "".join(f"\n  {line}" for line in lines) or "\n  pass"
    source = f"def _rec_make({', '.join(env)}):\n def __init__({', '.join(params)}):{body}\n return __init__\n"
    made: dict[str, Any] = {}
    exec(source, {}, made)  # the dataclass's own way; the text is made here, from names
    init: Callable[..., None] = made["_rec_make"](*env.values())
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def slot(cls: type, name: str) -> Any:
    """The slot's member descriptor, wherever in the bases it was declared."""
    return next(c.__dict__[name] for c in cls.__mro__ if name in c.__dict__)
