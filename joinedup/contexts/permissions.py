"""Who may do what with context records. Views and the API check these; a hidden link is not a permission."""

from joinedup.accounts.models import Role

__all__ = ["PLANNING_ROLES", "may_plan", "may_read", "may_refer", "may_update_action"]

# Assessments, plans, reviews and conferences are recorded by those who lead multi-agency work.
PLANNING_ROLES = frozenset({Role.MASH_OFFICER, Role.TEAM_MANAGER, Role.DSL})


def may_read(user) -> bool:
    """Context records are multi-agency by design: every user who reads case data reads them. Children linked
    to a context are named only to those who may open them (joinedup.contexts.selectors)."""
    return bool(getattr(user, "is_authenticated", False) and user.reads_case_data)


def may_refer(user) -> bool:
    """Anyone who reads case data may share information about a place or group (R05)."""
    return may_read(user)


def may_plan(user) -> bool:
    return may_read(user) and user.role in PLANNING_ROLES


def may_update_action(user, action) -> bool:
    """Planners update any action; a practitioner updates the actions recorded as theirs."""
    return may_plan(user) or (may_read(user) and action.owner_user_id == user.pk)
