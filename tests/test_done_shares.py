"""The gates' exact done shares without `fractions` (issue 19, sixth round): the replay's
done / quota is a float, summed exactly as integers over a power of two. The answers must
be those of the `Fraction` sums this replaced, to the last bit, and the checkpoint's text
of a share the same as a `Fraction`'s."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from paceit.pacing_state import WindowSession, done_share, share_from_text, share_text

D0 = date(2026, 1, 1)
amounts = st.one_of(
    st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.integers(0, 600).map(float),
    st.sampled_from([0.1, 0.2, 0.3, 1 / 3, 2.5, 7.7, 12.9, 5e-324]),
)
quotas = st.one_of(
    st.floats(min_value=1e-3, max_value=1e5, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.1, 0.3, 4.0, 9.9, 12.0, 13.7, 30.0]),
)
sessions = st.lists(st.tuples(st.integers(0, 9), amounts), min_size=1, max_size=30)


def fraction_share(window: list[WindowSession]) -> float:
    """The sums of `Fraction`s this module used to keep (the reference)."""
    by_day: dict[date, Fraction] = {}
    for w in window:
        by_day[w.day] = by_day.get(w.day, Fraction(0)) + Fraction(w.done)  # type: ignore[arg-type]
    return float(sum((min(Fraction(1), v) for v in by_day.values()), Fraction(0))) / len(by_day)


@given(sessions, quotas)
def test_the_integer_sums_give_the_fractions_share_to_the_bit(days: list[tuple[int, float]], quota: float) -> None:
    window = [WindowSession(D0 + timedelta(days=d), amount / quota, "green") for d, amount in sorted(days)]
    assert done_share(window).hex() == fraction_share(window).hex()


@given(st.floats(min_value=0.0, max_value=1e300, allow_nan=False, allow_infinity=False))
def test_a_share_is_written_as_its_fraction_and_read_back_as_the_same_float(done: float) -> None:
    exact = Fraction(done)
    assert share_text(done) == f"{exact.numerator}/{exact.denominator}"
    back = share_from_text(share_text(done))
    assert isinstance(back, float) and back.hex() == done.hex()


def test_a_hand_made_share_of_another_denominator_stays_exact() -> None:
    back = share_from_text("7/6")
    assert back == Fraction(7, 6) and share_text(back) == "7/6"
    window = [WindowSession(D0, Fraction(1, 3), "green"), WindowSession(D0, 0.5, "green")]
    assert done_share(window) == float(Fraction(5, 6))
