from datetime import timedelta

from yjs.rounding import hours, rounded


def test_halves_are_rounded_up_as_on_every_page():
    # Python's round() gives 1.2 for 1.25 (half to even); the board report and the custody page show 1.3.
    assert rounded(1.25) == 1.3
    assert rounded(0.125, 2) == 0.13
    assert hours(timedelta(minutes=75)) == 1.3
    assert hours(None) is None


def test_the_custody_page_and_the_board_report_round_with_the_same_function():
    from custody import selectors
    from governance.indicators import figures

    assert selectors.hours is hours
    assert figures.hours is hours and figures.rounded is rounded
