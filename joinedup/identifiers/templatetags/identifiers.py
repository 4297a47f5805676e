"""`{% nhs_number_line person %}`: the child's identifier of record on their page (or that none is held)."""

from django import template

from joinedup.identifiers.selectors import nhs_number_of

register = template.Library()


@register.inclusion_tag("identifiers/_nhs_number.html")
def nhs_number_line(person):
    return {"identifier": nhs_number_of(person), "person": person}
