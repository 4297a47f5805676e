from django import template

from joinedup.core.navigation import person_links

register = template.Library()


@register.simple_tag(takes_context=True)
def person_actions(context, person):
    """The registered links for this person that the signed-in user may see: [(label, url)]."""
    return person_links(context["request"].user, person)
