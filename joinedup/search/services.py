"""Spelling-tolerant person search over the records the user may see."""

from dataclasses import dataclass

from django.db.models import Q

from engine.search import parse_query, score_record
from joinedup.people.models import Person, SourceRecord
from joinedup.people.selectors import searchable_records

__all__ = ["SearchResult", "search_people"]

MAX_CANDIDATES = 2000
MIN_SCORE = 0.75


@dataclass(frozen=True)
class SearchResult:
    person: Person
    record: SourceRecord
    score: float


def search_people(user, text: str, limit: int = 25) -> list[SearchResult]:
    """Return the people the user may open whose records best match the query, best first."""
    query = parse_query(text)
    if query.empty:
        return []
    condition = Q()
    for key in query.name_keys:
        condition |= Q(forename_key=key) | Q(surname_key=key)
    for name in query.names:
        condition |= Q(surname__istartswith=name) | Q(forename__istartswith=name)
    for identifier in query.identifiers:
        condition |= (Q(nhs_number=identifier) | Q(upn=identifier) | Q(police_id=identifier)
                      | Q(la_child_id=identifier) | Q(record_id=identifier))
    if query.date_of_birth and not query.names:
        condition |= Q(date_of_birth=query.date_of_birth)
    records = (
        searchable_records(user).filter(condition, person__isnull=False)
        .select_related("person", "agency")
        .only("forename", "surname", "date_of_birth", "nhs_number", "upn", "police_id", "la_child_id",
              "record_id", "person__display_name", "person__date_of_birth", "person__person_type",
              "person__sex", "agency__name", "agency__code", "middle_names", "postcode", "address")[:MAX_CANDIDATES]
    )
    best: dict[int, SearchResult] = {}
    for record in records:
        identifiers = {v for v in (record.nhs_number, record.upn, record.police_id, record.la_child_id,
                                   record.record_id) if v}
        score = score_record(query, record.forename, record.surname, record.date_of_birth, identifiers)
        if score >= MIN_SCORE and (record.person_id not in best or score > best[record.person_id].score):
            best[record.person_id] = SearchResult(record.person, record, score)
    return sorted(best.values(), key=lambda r: (-r.score, r.person.display_name))[:limit]
