"""GOV.UK Frontend components as template tags: a page says what its table, summary list or details
holds, and the component's markup is written once, in templates/includes/govuk/.

    {% load govuk %}
    {% table "hidden" %}Offences{% head %}Date|Offence|#Gravity score|~Action{% body %}
      {% for offence in offences %}<tr class="govuk-table__row">…</tr>{% endfor %}
    {% endtable %}

    {% summary_row "Date of birth" %}{{ child.date_of_birth|date:"j F Y" }}{% endsummary_row %}

    {% details id="rejected-rows" %}Rejected rows (3){% text %}…{% enddetails %}

    {% section_heading "plans" %}Plans{% action %}<a href="…">Write a plan</a>{% endsection_heading %}

A table's caption is shown as a small or medium heading ("s", "m") or only to screen readers ("hidden").
Its column headings are one line, separated by "|": a heading starting "#" is numeric, one starting "~" is
read by screen readers only (an actions column). Headings may use variables and {% if %}, so a column
shown to some users is {% if can_manage %}|~Actions{% endif %}. With empty="…" (or inset="…", as inset
text) a table with no rows is that sentence instead; paginated=True (and label=) adds page's pagination.

A table or details component takes id= if it has one; details take open= to show it opened. A section
heading (the app's own) is an h2 with a link to act beside it.
"""

from django import template
from django.template.base import token_kwargs
from django.utils.safestring import mark_safe

register = template.Library()

CAPTION_CLASSES = {
    "hidden": "govuk-visually-hidden",
    "s": "govuk-table__caption--s",
    "m": "govuk-table__caption--m",
}


class ComponentNode(template.Node):
    """A component drawn by includes/govuk/<name>.html from the tag's arguments and its parts."""

    def __init__(self, name, arguments, parts, defaults):
        self.name, self.arguments, self.parts, self.defaults = name, arguments, parts, defaults

    def values(self, context):
        values = dict(self.defaults)
        values.update({key: value.resolve(context) for key, value in self.arguments.items()})
        values.update({key: nodelist.render(context) for key, nodelist in self.parts.items()})
        return values

    def render(self, context):
        component = context.template.engine.get_template(f"includes/govuk/{self.name}.html")
        with context.push(**self.values(context)):
            return component.render(context)


class TableNode(ComponentNode):
    def values(self, context):
        values = super().values(context)
        values["caption_class"] = CAPTION_CLASSES[values["size"]]
        values["headers"] = []
        for text in values["head"].split("|"):
            text = text.strip()
            if text:
                # A piece of the template's own output, which escaped every variable in it.
                label = mark_safe(text.lstrip("#~"))  # noqa: S308
                values["headers"].append({"text": label, "numeric": text[0] == "#", "hidden": text[0] == "~"})
        return values

    def render(self, context):
        values = self.values(context)
        if values["body"].strip() or not (values["empty"] or values["inset"]):
            component = context.template.engine.get_template("includes/govuk/table.html")
        else:
            component = context.template.engine.get_template("includes/govuk/table_empty.html")
        with context.push(**values):
            return component.render(context)


def component(name, positional, parts, node_class=ComponentNode, **defaults):
    """Register {% name positional… key=value… %}part{% second part %}…{% endname %}."""

    def compile_component(parser, token):
        bits = token.split_contents()[1:]
        if len(bits) < len(positional):
            raise template.TemplateSyntaxError(f"{name} takes {', '.join(positional)}")
        arguments = {key: parser.compile_filter(bit) for key, bit in zip(positional, bits, strict=False)}
        rest = bits[len(positional) :]
        arguments.update(token_kwargs(rest, parser))
        if rest:
            raise template.TemplateSyntaxError(f"{name} does not understand {' '.join(rest)}")
        nodelists = {}
        for part, end in zip(parts, [*parts[1:], f"end{name}"], strict=True):
            nodelists[part] = parser.parse((end,))
            parser.delete_first_token()
        return node_class(name, arguments, nodelists, defaults)

    register.tag(name, compile_component)


component("table", ("size",), ("caption", "head", "body"), TableNode, id="", empty="", inset="", paginated=False)
component("summary_row", ("key",), ("value",))
component("details", (), ("summary", "text"), id="", open=False)
component("section_heading", ("id",), ("heading", "action"))
