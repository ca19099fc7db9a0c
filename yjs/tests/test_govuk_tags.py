"""The GOV.UK component tags draw the markup the pages wrote out by hand before."""

from django.template import engines


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load govuk %}" + source).render(context)


TABLE = (
    '{% table "hidden" empty="No rows." %}Rows of {{ who }}{% head %}Name|#Count{% if can_act %}|~Action{% endif %}'
    '{% body %}{% for row in rows %}<tr class="govuk-table__row"><td>{{ row }}</td></tr>{% endfor %}{% endtable %}'
)


def test_table_draws_caption_headings_and_rows():
    html = render(TABLE, who="<b>", rows=["a"], can_act=True)
    assert '<caption class="govuk-table__caption govuk-visually-hidden">Rows of &lt;b&gt;</caption>' in html
    assert '<th scope="col" class="govuk-table__header">Name</th>' in html
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Count</th>' in html
    assert '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>' in html
    assert '<tbody class="govuk-table__body">\n    <tr class="govuk-table__row"><td>a</td></tr>' in html


def test_table_leaves_out_a_heading_the_user_may_not_see():
    assert "Action" not in render(TABLE, who="x", rows=["a"], can_act=False)


def test_table_with_no_rows_is_its_sentence():
    html = render(TABLE, who="x", rows=[])
    assert "<table" not in html
    assert '<p class="govuk-body">No rows.</p>' in html


def test_summary_row_and_details():
    html = render('{% summary_row "Born" %}{{ day }}{% endsummary_row %}', day="<1 May>")
    assert html == (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Born</dt>'
        '<dd class="govuk-summary-list__value">&lt;1 May&gt;</dd></div>\n'
    )
    html = render('{% details id="rows" open=True %}Rows (2){% text %}Two{% enddetails %}')
    assert '<details class="govuk-details" id="rows" open>' in html
    assert '<span class="govuk-details__summary-text">Rows (2)</span>' in html
