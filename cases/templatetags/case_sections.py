"""``{% section shown %}``: a section another app adds to a case page (``cases.sections``), drawn by
its template in the page's own context with the section's context on top."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def section(context, shown):
    component = context.template.engine.get_template(shown.section.template)
    with context.push(section=shown.section, **shown.context):
        return component.render(context)
