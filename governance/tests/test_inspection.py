"""The inspectorate's rating rules of DESIGN.md §6, at every boundary."""

import pytest

from governance.inspection import (
    STANDARDS,
    Rating,
    key_questions,
    overall_rating,
    percentage,
    rate_key_question,
    rate_standard,
)


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (0, Rating.INADEQUATE),
        (49, Rating.INADEQUATE),
        (50, Rating.REQUIRES_IMPROVEMENT),
        (64, Rating.REQUIRES_IMPROVEMENT),
        (65, Rating.GOOD),
        (79, Rating.GOOD),
        (80, Rating.OUTSTANDING),
        (100, Rating.OUTSTANDING),
    ],
)
def test_key_question_bands(percent, rating):
    assert rate_key_question(percent) == rating


@pytest.mark.parametrize("percent", [-1, 101])
def test_a_percentage_out_of_range_is_refused(percent):
    with pytest.raises(ValueError, match="between 0 and 100"):
        rate_key_question(percent)


@pytest.mark.parametrize(
    ("yes", "answered", "expected"),
    [(1, 2, 50), (13, 20, 65), (79, 100, 79), (159, 200, 80), (2, 3, 67), (1, 3, 33), (129, 200, 65)],
)
def test_percentages_are_whole_numbers_rounded_half_up(yes, answered, expected):
    # 129/200 = 64.5 rounds up to 65 (Good), as the inspectorate publishes it.
    assert percentage(yes, answered) == expected


def test_a_standard_takes_its_lowest_key_question():
    assert rate_standard([95, 81, 64]) == Rating.REQUIRES_IMPROVEMENT
    assert rate_standard([80, 80, 80]) == Rating.OUTSTANDING
    assert rate_standard([79, 100, 100]) == Rating.GOOD
    assert rate_standard([49, 90, 90]) == Rating.INADEQUATE


def ratings_scoring(score: int) -> dict[str, Rating]:
    """Twelve ratings adding up to ``score`` (0–36)."""
    order = [Rating.INADEQUATE, Rating.REQUIRES_IMPROVEMENT, Rating.GOOD, Rating.OUTSTANDING]
    codes = list(STANDARDS)
    base, extra = divmod(score, 12)
    return {code: order[min(base + (1 if i < extra else 0), 3)] for i, code in enumerate(codes)}


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, Rating.INADEQUATE),
        (6, Rating.INADEQUATE),
        (7, Rating.REQUIRES_IMPROVEMENT),
        (18, Rating.REQUIRES_IMPROVEMENT),
        (19, Rating.GOOD),
        (30, Rating.GOOD),
        (31, Rating.OUTSTANDING),
        (36, Rating.OUTSTANDING),
    ],
)
def test_overall_bands(score, rating):
    ratings = ratings_scoring(score)
    assert overall_rating(ratings) == (score, rating)


def test_overall_needs_exactly_the_twelve_standards():
    ratings = ratings_scoring(20)
    del ratings["3.4"]
    with pytest.raises(ValueError, match="missing"):
        overall_rating(ratings)


def test_case_audit_key_questions():
    assert list(key_questions("2.1")) == ["2.1.1", "2.1.2", "2.1.3"]
    assert key_questions("2.1")["2.1.2"] == "Does assessment sufficiently keep the child safe?"
    assert list(key_questions("3.4")) == ["3.4.1", "3.4.2"]
    assert key_questions("1.1") == {}
