"""`@record` behaves as the `@dataclass` it replaced (issue 19, fourth round): the same
`__init__`, equality, hash, repr, immutability, copies and pickles, and `dataclasses`'
own functions still work on a record. Each check builds the same class both ways and
compares them, so a difference from the dataclass is a failure here, not a changed
answer somewhere in a report."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from helpers import child_env
from paceit import record_init
from paceit.recordtype import field, field_names, record, replace


@pytest.fixture(autouse=True, params=["generic", "compiled"])
def init_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: with each record built by the generic `__init__` (a class's first
    instances) and by its compiled one (the later instances)."""
    compiled = request.param == "compiled"
    monkeypatch.setattr(record_init, "COMPILE_AFTER", 0 if compiled else 10**9)
    for cls in (Walk, Pair, Triple):  # the module's own records: back to their first state
        monkeypatch.setattr(cls, "__init__", record_init.generic_init)
        monkeypatch.setattr(cls, "_record_calls", 0, raising=False)
    return str(request.param)


def _twins(frozen: bool = True) -> tuple[Any, Any]:
    """The same class as a dataclass and as a record (same name and qualname)."""

    def make(decorate: Any, field_of: Any) -> Any:
        @decorate
        class Point:
            """A point."""

            x: int
            y: float = 0.5
            tags: list[str] = field_of(default_factory=list)
            note: str = field_of(default="", repr=False, compare=False)
            LIMIT: ClassVar[int] = 3

            @property
            def total(self) -> float:
                return self.x + self.y

        return Point

    return make(dataclasses.dataclass(frozen=frozen), dataclasses.field), make(record(frozen=frozen), field)


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "mutable"])
def test_init_takes_the_same_arguments_with_the_same_defaults(frozen: bool) -> None:
    made, ours = _twins(frozen)
    for args, kwargs in [((1,), {}), ((1, 2.0), {"note": "n"}), ((), {"x": 3, "tags": ["a"]})]:
        assert repr(made(*args, **kwargs)) == repr(ours(*args, **kwargs))
    assert ours(1).tags is not ours(1).tags  # a fresh list from the factory each time
    assert ours(1).total == 1.5 and ours.LIMIT == 3 and "LIMIT" not in field_names(ours)
    their_params = inspect.signature(made).parameters.values()
    our_params = inspect.signature(ours).parameters.values()
    assert [(p.name, p.kind, repr(p.default)) for p in their_params] == [
        (p.name, p.kind, repr(p.default)) for p in our_params
    ]
    for args, kwargs in [((1,), {"wrong": 2}), ((), {}), ((1, 2, [], "", 5), {}), ((1,), {"x": 1}), ((), {"y": 1})]:
        with pytest.raises(TypeError):
            ours(*args, **kwargs)


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "mutable"])
def test_equality_hash_and_repr_are_the_dataclasses(frozen: bool) -> None:
    made, ours = _twins(frozen)
    assert ours(1, 2.0, note="a") == ours(1, 2.0, note="b")  # note: compare=False
    assert ours(1, 2.0) != ours(1, 3.0)
    assert ours(1) != made(1) and made(1) != ours(1)  # another class is never equal
    assert (ours(1) == (1, 0.5, [])) is False
    assert repr(ours(1, tags=["t"], note="hidden")) == "_twins.<locals>.make.<locals>.Point(x=1, y=0.5, tags=['t'])"
    if frozen:
        assert hash(ours(1, tags=())) == hash(made(1, tags=())) == hash((1, 0.5, ()))  # type: ignore[arg-type]
    else:
        assert ours.__hash__ is None and made.__hash__ is None


def test_one_field_hashes_and_compares_as_a_one_tuple() -> None:
    """The dataclass compares `(self.x,) == (other.x,)`: identity first, so NaN equals itself."""

    @record
    class One:
        """One value."""

        x: float

    @record
    class Nothing:
        """No field compared."""

        x: int = field(default=0, compare=False)

    nan = float("nan")
    assert One(nan) == One(nan) and hash(One(2.0)) == hash((2.0,))
    assert Nothing(1) == Nothing(2) and hash(Nothing(1)) == hash(())


def test_a_frozen_record_refuses_assignment_as_a_frozen_dataclass() -> None:
    _, ours = _twins()
    point = ours(1)
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        point.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'x'"):
        del point.x
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.other = 1
    assert not hasattr(point, "__dict__")  # slotted


def test_a_mutable_record_takes_assignment_to_fields_only() -> None:
    _, ours = _twins(frozen=False)
    point = ours(1)
    point.x = 5
    assert point.x == 5
    with pytest.raises(AttributeError):
        point.other = 1


@record(frozen=False)
class Walk:
    """A mutable record with `init=False` fields and `__post_init__` (as the replay's base)."""

    steps: list[int]
    seen: int = 0
    total: int = field(init=False)
    cache: tuple[int, ...] | None = field(default=None, init=False)
    made: list[int] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.total = sum(self.steps)


@record
class Pair:
    """A frozen record for pickles and copies."""

    left: int
    right: tuple[int, ...] = ()


@record
class Triple(Pair):
    """Inherits `left` and `right`, redefines `right`'s default in its place, adds `name`."""

    right: tuple[int, ...] = (1,)
    name: str = ""

    def both(self) -> tuple[int, int]:
        return self.left, super().__hash__()


def test_init_false_fields_and_post_init() -> None:
    walk = Walk([1, 2])
    assert (walk.total, walk.seen, walk.cache, walk.made) == (3, 0, None, [])
    assert list(inspect.signature(Walk).parameters) == ["steps", "seen"]
    assert repr(walk) == "Walk(steps=[1, 2], seen=0, total=3, cache=None, made=[])"
    with pytest.raises(ValueError, match="init=False"):
        replace(walk, total=1)


def test_inherited_fields_come_first_and_keep_their_place() -> None:
    assert field_names(Triple) == ("left", "right", "name")
    assert Triple.__slots__ == ("name",)  # `left` and `right` are the base's slots
    assert repr(Triple(1)) == "Triple(left=1, right=(1,), name='')"
    assert Triple(1).both() == (1, hash((1, (1,), "")))  # zero-argument super() works
    assert Triple(1) != Pair(1, (1,))


def test_copies_and_pickles_keep_every_field_without_rerunning_init() -> None:
    for value in (Pair(1, (2,)), Triple(3, name="t")):
        assert copy.copy(value) == value and copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value
    walk = Walk([1, 2])
    walk.total = 10  # a copy keeps it: `__post_init__` is not run again
    assert copy.deepcopy(walk).total == 10 and pickle.loads(pickle.dumps(walk)).total == 10


def test_dataclasses_functions_take_a_record() -> None:
    made, ours = _twins()
    point = ours(1, tags=["a"], note="n")
    assert dataclasses.is_dataclass(point) and dataclasses.is_dataclass(ours)
    assert [f.name for f in dataclasses.fields(point)] == list(field_names(point)) == ["x", "y", "tags", "note"]
    assert dataclasses.asdict(point) == dataclasses.asdict(made(1, tags=["a"], note="n"))
    assert dataclasses.replace(point, y=2.0) == replace(point, y=2.0) == ours(1, 2.0, ["a"], "n")
    assert dataclasses.asdict(Triple(1)) == {"left": 1, "right": (1,), "name": ""}
    match Pair(1, (2,)):
        case Pair(left, right):
            assert (left, right) == (1, (2,))


def test_definitions_a_dataclass_refuses_are_refused() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @record
        class Bad:
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Shared:
            a: list[int] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="both default and default_factory"):
        field(default=1, default_factory=int)
    with pytest.raises(TypeError, match="cannot inherit"):

        @record(frozen=False)
        class Thawed(Pair):
            pass


def test_init_is_compiled_once_after_the_first_instances(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class built a few times a run compiles nothing; the instance after
    `COMPILE_AFTER` compiles its `__init__`, once, and the later ones use it."""
    monkeypatch.setattr(record_init, "COMPILE_AFTER", 3)

    @record
    class Lazy:
        """Built a few times here."""

        a: int
        b: list[int] = field(default_factory=list)

    built = [Lazy(n) for n in range(3)]
    assert Lazy.__init__ is record_init.generic_init
    built.append(Lazy(3, b=[1]))
    compiled = Lazy.__init__
    assert compiled is not record_init.generic_init and compiled.__qualname__.endswith("Lazy.__init__")
    built.append(Lazy(a=4))
    assert Lazy.__init__ is compiled
    assert [(x.a, x.b) for x in built] == [(0, []), (1, []), (2, []), (3, [1]), (4, [])]


MYPY_SAMPLE = """
from paceit.recordtype import field, record


@record
class Frozen:
    a: int
    b: list[int] = field(default_factory=list)


@record(frozen=False)
class Thawed:
    a: int


Frozen(1, [2])
Frozen(a=1)
Frozen(1, wrong=2)
Frozen("one")
Frozen(1).a = 2
Thawed(1).a = 2
"""


def test_mypy_checks_a_records_constructor(tmp_path: Path) -> None:
    """`dataclass_transform` gives mypy the dataclass's view: a wrong keyword, a wrong type
    and an assignment to a frozen record are errors; the right calls and a mutable record's
    assignment are not.

    mypy runs in a process of its own: in this one (mypy.api) it unfreezes the collector and
    leaves some 250 000 objects behind, and every later gc.collect() of the worker (one per
    paceit run, see conftest) walked them all, about 0.25 s each, for the rest of the run."""
    pytest.importorskip("mypy.api")
    sample = tmp_path / "sample.py"
    sample.write_text(MYPY_SAMPLE, encoding="utf-8")
    env = child_env(MYPYPATH=str(Path(__file__).resolve().parents[1] / "src"))
    args = ["--strict", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(sample)]
    found = subprocess.run([sys.executable, "-m", "mypy", *args], env=env, capture_output=True, text=True, check=False)
    out = found.stdout
    assert found.returncode == 1 and found.stderr == "", (found.returncode, found.stderr)
    errors = sorted(int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line)
    lines = MYPY_SAMPLE.splitlines()
    assert errors == [lines.index(text) + 1 for text in ("Frozen(1, wrong=2)", 'Frozen("one")', "Frozen(1).a = 2")], out
