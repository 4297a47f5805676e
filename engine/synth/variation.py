"""How one agency's record of a person differs from the truth: nicknames, typos, stale details."""

from __future__ import annotations

import random
from datetime import date, timedelta

from engine.synth import refdata
from engine.synth.config import SynthConfig
from engine.synth.ids import format_nhs
from engine.synth.model import Person

# Per agency: (nickname weight, keeps middle names, holds NHS number for children / adults, holds UPN)
PROFILE = {
    "police": (1.6, 0.5, (0.0, 0.0), 0.0),
    "health": (0.5, 0.95, (0.985, 0.97), 0.0),
    "school-hilltop": (1.2, 0.9, (0.0, 0.0), 0.98),
    "school-riverside": (0.8, 0.95, (0.0, 0.0), 0.98),
    "csc": (0.8, 0.8, (0.75, 0.35), 0.6),
    "youth": (2.0, 0.1, (0.0, 0.0), 0.0),
}


def typo(rng: random.Random, s: str) -> str:
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # transposition
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    if kind == 1:  # dropped letter
        return s[:i] + s[i + 1:]
    if kind == 2:  # doubled letter
        return s[:i] + s[i] + s[i:]
    vowels = "aeiou"
    if s[i] in vowels:  # vowel swap
        return s[:i] + rng.choice(vowels.replace(s[i], "")) + s[i + 1:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def vary_dob(rng: random.Random, dob: date) -> date:
    if dob.day <= 12 and dob.day != dob.month and rng.random() < 0.5:
        return date(dob.year, dob.day, dob.month)  # day/month swap
    r = rng.random()
    if r < 0.6:
        return dob + timedelta(days=rng.choice((-1, 1)))
    if r < 0.8:
        try:
            return dob.replace(year=dob.year + rng.choice((-1, 1)))
        except ValueError:
            return dob + timedelta(days=1)
    return dob + timedelta(days=rng.choice((-31, 30)))


def vary_surname(rng: random.Random, person: Person, current: str) -> str:
    if "-" in current:
        first, second = current.split("-", 1)
        return rng.choice((first, second, f"{first} {second}", f"{first}{second}"))
    if person.former_surnames and rng.random() < 0.6:
        return person.former_surnames[-1][1]
    return typo(rng, current)


def render_person(cfg: SynthConfig, rng: random.Random, agency: str, person: Person, snapshot: date,
                  record_id: str, police_id: str = "") -> list:
    """A people row (formats.yaml order) as the agency holds it on `snapshot`."""
    nick_w, keep_middle, (nhs_child, nhs_adult), upn_share = PROFILE[agency]
    child = person.person_type == "child"
    forename = person.forename
    if rng.random() < cfg.nickname_rate * nick_w:
        options = refdata.nicknames().get(forename)
        if options:
            forename = rng.choice(options)
    if rng.random() < cfg.typo_rate:
        forename = typo(rng, forename)
    surname = person.surname_on(snapshot)
    if rng.random() < cfg.surname_variant_rate:
        surname = vary_surname(rng, person, surname)
    middle = person.middle if rng.random() < keep_middle else ""
    former = ";".join(n for until, n in person.former_surnames if until <= snapshot and n != surname)
    if agency in ("police", "youth", "school-riverside") and rng.random() < 0.5:
        former = ""
    dob = person.dob
    if rng.random() < cfg.dob_error_rate:
        dob = vary_dob(rng, dob)
    dob_text = "" if agency == "youth" and rng.random() < 0.15 else dob.isoformat()
    sex = "U" if rng.random() < 0.01 else person.sex
    addr = person.address_on(snapshot)
    missing_addr = cfg.missing_address_rate * (8 if agency == "youth" else 1)
    address, postcode = ("", "") if addr is None or rng.random() < missing_addr else (addr.text, addr.postcode)
    if postcode and rng.random() < 0.05:
        postcode = postcode.replace(" ", "")
    miss = cfg.missing_identifier_rate
    nhs = ""
    if person.nhs and rng.random() < (nhs_child if child else nhs_adult) * (1 - miss):
        nhs = format_nhs(person.nhs, rng)
    upn = person.upn if child and person.upn and rng.random() < upn_share * (1 - miss / 2) else ""
    la_child_id = record_id if agency == "csc" and child else ""
    return [record_id, person.person_type, forename, middle, surname, former, dob_text, sex, address, postcode,
            nhs, upn or "", police_id, la_child_id]
