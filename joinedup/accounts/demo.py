"""Demo accounts: one per role, with passwords generated on this machine (never stored in the repo)."""

import json
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rest_framework.authtoken.models import Token

from joinedup.accounts.models import Role, User
from joinedup.agencies.models import Agency, AgencyKind
from joinedup.people.models import Allocation, Person

__all__ = ["DEMO_ACCOUNTS", "DemoLogin", "ensure_demo_accounts"]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    agency: str
    note: str = ""


# (username, full name, role, agency code, job title)
DEMO_ACCOUNTS = (
    ("mash", "Morgan Ashby", Role.MASH_OFFICER, "mash", "MASH social worker"),
    ("socialworker", "Sam Okafor", Role.PRACTITIONER, "csc", "Social worker"),
    ("manager", "Priya Nair", Role.TEAM_MANAGER, "csc", "Team manager, children's social care"),
    ("dsl", "Jo Whitfield", Role.DSL, "school-hilltop", "Designated safeguarding lead"),
    ("teacher", "Alex Brennan", Role.PRACTITIONER, "school-hilltop", "Head of year"),
    ("police", "Chris Dunmore", Role.PRACTITIONER, "police", "Police constable, missing persons"),
    ("nurse", "Ellis Grant", Role.PRACTITIONER, "health", "Paediatric liaison nurse"),
    ("youthworker", "Robin Tate", Role.PRACTITIONER, "youth", "Detached youth worker"),
    ("analyst", "Dana Marsh", Role.ANALYST, "partnership", "Partnership analyst"),
    ("admin", "Kim Lowe", Role.ADMINISTRATOR, "partnership", "System administrator"),
    ("police-system", "Police records system", Role.AGENCY_SYSTEM, "police", "Integration account"),
)

_EXTRA_AGENCIES = {
    "mash": ("Northshire Multi-Agency Safeguarding Hub", AgencyKind.MASH),
    "partnership": ("Northshire Safeguarding Children Partnership", AgencyKind.OTHER),
}


def ensure_demo_accounts(secrets_file: Path, allocate: int = 12) -> list[DemoLogin]:
    """Create (or keep) the demo accounts; passwords live in `secrets_file` (mode 0600) on this machine."""
    for code, (name, kind) in _EXTRA_AGENCIES.items():
        Agency.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    passwords = json.loads(secrets_file.read_text()) if secrets_file.exists() else {}
    logins = []
    for username, full_name, role, agency_code, title in DEMO_ACCOUNTS:
        password = passwords.setdefault(username, secrets.token_urlsafe(9))
        first, last = full_name.split(" ", 1)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": role, "job_title": title,
                      "agency": Agency.objects.filter(code=agency_code).first(), "is_active": True,
                      "is_staff": role == Role.ADMINISTRATOR},
        )
        user.set_password(password)
        user.save()
        note = ""
        if role == Role.AGENCY_SYSTEM:
            note = f"API token {Token.objects.get_or_create(user=user)[0].key}"
        logins.append(DemoLogin(username, password, Role(role).label, user.agency.name if user.agency else "", note))
    secrets_file.parent.mkdir(parents=True, exist_ok=True)
    secrets_file.write_text(json.dumps(passwords, indent=2))
    secrets_file.chmod(0o600)
    _allocate_children(User.objects.get(username="socialworker"), allocate)
    return logins


def _allocate_children(worker: User, count: int) -> None:
    """Allocate the demo social worker to some children known to social care."""
    if Allocation.objects.filter(worker=worker).exists():
        return
    children = Person.objects.filter(person_type="child", records__agency__code="csc").distinct().order_by("id")[:count]
    Allocation.objects.bulk_create(
        [Allocation(person=child, worker=worker, start_date=date(2025, 1, 1)) for child in children]
    )
