"""Hard linkage sets the linker was not shaped for (issue 17): generated from what agencies' records look like.

    .venv/bin/python bench/hard_sets.py --set twins --people 20000 --out /tmp/twins

Written apart from the linker: nothing here reads `engine/linkage` (its comparisons, blocking, nickname
table or thresholds). Names and their variants come from public sources installed from PyPI, not from the
engine's tables:
- English diminutives: the `nicknames` package (carltonnorthern/nicknames, a hand-curated list of ~1,100
  canonical English names and their nicknames);
- Arabic, Persian, Turkish, Hindi, Bengali and Tamil given names and their romanisations: the
  `name-variants` package (each cluster is one name in its own script and the Latin spellings of it:
  ALA-LC, Hans Wehr, colloquial and diaspora spellings);
- names of English, Irish, Polish, Lithuanian, Romanian, Ukrainian, Russian, Bulgarian, Yoruba, Igbo, Akan
  and Pakistani/Indian origin: Faker's locale name lists (with their diacritics or in Cyrillic);
- Cyrillic is written in Latin by one of four published systems per agency (BGN/PCGN 1947, ICAO Doc 9303
  as in passports since 2013, German Duden transcription, Ukraine's 2010 national system), the way an
  officer copies a name from a passport, a letter or what they hear.

What varies between two records of one child, and how often, is set out in `RATES` and `ERRORS`; every
record keeps the list of what was done to it (`truth/records.csv`, `traps`) so a bench can report recall
per trap. Twins are about 3 % of children (in England and Wales about 1.5 % of maternities are multiple
births); twins share a date of birth, surname and address and have different forenames.

Sets (each a partnership directory: agencies.yaml, <agency>/people.csv, truth/records.csv, truth/twins.csv):
- `twins`: six agencies (police, health, two schools, social care, youth service) with the usual
  identifiers, twins and siblings, nicknames, transliteration, surname changes, date-of-birth errors, moves,
  and compound errors (two or more at once);
- `one-source`: one voluntary-sector service, no identifiers at all, about 15 % of children recorded twice or
  three times;
- `non-uk`: two Irish agencies (a child and family agency, a schools' service): Eircodes, Irish addresses
  (townlands without house numbers), dates written day/month/year, no sex field, no NHS number or UPN.
"""

from __future__ import annotations

import argparse
import csv
import random
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SNAPSHOT = date(2026, 11, 30)
WINDOW_START = date(2019, 1, 1)

# Origins of the children (shares of the population) and where their names come from.
ORIGINS_UK = {"english": 0.56, "irish": 0.04, "south_asian": 0.12, "arabic": 0.07, "polish": 0.06,
              "ukrainian_russian": 0.04, "romanian_lithuanian": 0.03, "west_african": 0.08}
ORIGINS_IE = {"irish": 0.70, "polish": 0.08, "romanian_lithuanian": 0.07, "west_african": 0.06,
              "ukrainian_russian": 0.05, "arabic": 0.04}
FAKER_LOCALES = {"english": ["en_GB"], "irish": ["en_IE", "ga_IE"], "polish": ["pl_PL"],
                 "romanian_lithuanian": ["ro_RO", "lt_LT"], "ukrainian_russian": ["uk_UA", "ru_RU", "bg_BG"],
                 "west_african": ["yo_NG", "ig_NG", "tw_GH"], "south_asian": ["en_PK", "en_IN"],
                 "arabic": ["ar_AA"]}
VARIANT_TABLES = {"arabic": ("arabic", "persian", "turkish"), "south_asian": ("indian_hindi", "indian_bengali",
                                                                            "indian_tamil", "arabic")}

# Per-record error rates (each applied independently; several can hit one record: compound errors).
RATES = {
    "nickname": {"police": 0.20, "youth": 0.30, "school": 0.10, "education": 0.10, "health": 0.03,
                 "social_care": 0.10, "voluntary": 0.25},
    "spelling": 0.35,          # a name with several romanisations: this record uses another one
    "known_by_middle": 0.05,   # forename recorded as the middle name the child is called by
    "typo": 0.025,             # one keyboard slip in forename or surname
    "name_order": 0.012,       # forename and surname the wrong way round
    "dob_error": 0.03,
    "sex_missing": 0.02,
    "sex_wrong": 0.004,
    "postcode_missing": 0.05,
    "postcode_typo": 0.01,
    "address_missing": 0.03,
    "hyphen_part": 0.5,        # of hyphenated surnames: one part only
}
DOB_ERRORS = (("day_month_swap", 0.40), ("one_day", 0.15), ("year_digit", 0.15), ("day_digit", 0.15),
              ("first_of_january", 0.15))  # an age-assessed child registered on 1 January

# Cyrillic → Latin: four published systems (letters not listed are the same in all four).
_CYR_BASE = dict(zip("абвгдзиклмнопрстуфы", "abvgdziklmnoprstufy", strict=True))
CYRILLIC = {
    "bgn_pcgn": {**_CYR_BASE, "е": "ye", "ё": "yë", "ж": "zh", "й": "y", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                 "щ": "shch", "ъ": "", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye",
                 "ґ": "g"},
    "icao_9303": {**_CYR_BASE, "е": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
                  "щ": "shch", "ъ": "ie", "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "ie",
                  "ґ": "g"},
    "duden": {**_CYR_BASE, "в": "w", "з": "s", "е": "je", "ё": "jo", "ж": "sch", "й": "j", "х": "ch", "ц": "z",
              "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ь": "", "э": "e", "ю": "ju", "я": "ja", "і": "i",
              "ї": "ji", "є": "je", "ґ": "g", "с": "s"},
    "ukraine_2010": {**_CYR_BASE, "г": "h", "ґ": "g", "е": "e", "є": "ie", "ж": "zh", "и": "y", "і": "i", "ї": "i",
                     "й": "i", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia",
                     "ё": "io", "ъ": "", "ы": "y", "э": "e"},
}
# Polish diminutives in everyday use (a school or youth worker writes what the child is called).
POLISH_DIMINUTIVES = {"katarzyna": "Kasia", "małgorzata": "Gosia", "barbara": "Basia", "tomasz": "Tomek",
                      "jakub": "Kuba", "aleksandra": "Ola", "joanna": "Asia", "zofia": "Zosia", "magdalena": "Magda",
                      "anna": "Ania", "wojciech": "Wojtek", "aleksander": "Olek", "agnieszka": "Aga",
                      "krzysztof": "Krzyś", "małgosia": "Gosia", "michał": "Michał", "piotr": "Piotrek",
                      "stanisław": "Staś", "elżbieta": "Ela", "dominika": "Domi", "mateusz": "Mati"}
# Yoruba and Igbo names commonly used in a short form (a prefix meaning God / crown / wealth dropped).
WEST_AFRICAN_PREFIXES = ("oluwa", "olu", "ade", "ayo", "chukwu", "chi", "oba", "ife")

KEYBOARD = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm", ["wa", "qes", "wrd", "etf", "ryg", "tuh", "yij",
                                                                  "uok", "ipl", "ol", "qsz", "awdx", "serc", "drtf",
                                                                  "ftgy", "gyhu", "hujk", "jikl", "kop", "zas",
                                                                  "xsdc", "cdfv", "vfgb", "bghn", "nhjm", "mjk"],
                                                     strict=True)}


@dataclass
class Child:
    key: str
    origin: str
    forename: str
    middle: str
    surname: str
    former_surname: str            # before a change of surname ('' when none)
    surname_changed: date | None
    dob: date
    sex: str
    homes: list                    # [(from date, address, postcode)] oldest first
    family: int
    twin_of: str = ""
    nhs: str = ""
    upn: str = ""
    call_name: str = ""            # the name the child goes by, when not the forename
    variants: list = field(default_factory=list)   # other spellings of the forename


# ---------------------------------------------------------------- name pools from public sources


def _zipf(n: int) -> list[float]:
    return [1 / (i + 1) ** 0.9 for i in range(n)]


def _faker_pools(seed: int) -> dict:
    """origin → sex → [(forename, [other spellings])], and origin → [surname]; names are drawn with Zipf weights."""
    from faker import Faker

    pools: dict = {}
    for origin, locales in FAKER_LOCALES.items():
        first = {"F": [], "M": []}
        last = []
        for locale in locales:
            fake = Faker(locale)
            provider = fake.provider("faker.providers.person")
            for sex, attr in (("F", "first_names_female"), ("M", "first_names_male")):
                names = getattr(provider, attr, None) or provider.first_names
                first[sex] += [str(n) for n in (names.keys() if hasattr(names, "keys") else names)]
            names = provider.last_names
            last += [str(n) for n in (names.keys() if hasattr(names, "keys") else names)]
        rng = random.Random(f"{seed}:{origin}")
        for sex in first:
            unique = sorted(set(first[sex]))
            rng.shuffle(unique)
            first[sex] = [(n, []) for n in unique[:600]]
        unique = sorted(set(last))
        rng.shuffle(unique)
        pools[origin] = {"first": first, "last": unique[:1500]}
    for origin, tables in VARIANT_TABLES.items():
        clusters = [cluster for table in tables for cluster in clusters_of(table)]
        clusters.sort(key=lambda c: -c[1])
        rng = random.Random(f"{seed}:{origin}:variants")
        for sex in ("F", "M"):
            mine = clusters[:]
            rng.shuffle(mine)
            pools[origin]["first"][sex] = [(forms[0], forms[1:]) for forms, _ in mine[:300]] or \
                pools[origin]["first"][sex]
    # Many Arab and Somali families' surname is a father's or grandfather's given name, in Latin letters.
    pools["arabic"]["last"] = [forms[0] for forms, _ in clusters_of("arabic") if forms] + \
        [n for n in pools["south_asian"]["last"] if n.isascii()][:200]
    return pools


def clusters_of(table: str) -> list:
    from name_variants import ALL_TABLES

    return [([f.title() for f in entry["forms"] if f.isascii() and f.replace("-", "").isalpha()],
             entry.get("frequency", 10_000)) for entry in ALL_TABLES[table].values()
            if any(f.isascii() for f in entry["forms"])]


def _nicknames():
    from nicknames import NickNamer

    return NickNamer()


# ---------------------------------------------------------------- places


class Geography:
    """UK postcode units of about 15 households in sectors and districts; or Irish Eircodes (one per address)."""

    def __init__(self, rng: random.Random, households: int, irish: bool):
        from faker import Faker

        fake = Faker("en_IE" if irish else "en_GB")
        fake.seed_instance(rng.randrange(1 << 30))
        self.rng, self.irish = rng, irish
        self.streets = sorted({fake.street_name() for _ in range(3000)})
        self.towns = sorted({fake.city() for _ in range(120)})
        if irish:
            self.towns = sorted({t.replace("ville", "town") for t in self.towns})
            self.counties = ["Cork", "Dublin", "Galway", "Mayo", "Kerry", "Limerick", "Donegal", "Wexford", "Meath",
                             "Kildare", "Sligo", "Clare"]
            self.routing = [f"{a}{n:02d}" for a in "ADHKNPRTVWXY" for n in range(1, 99, 7)]
        units = max(10, households // 15)
        self.units = []
        for i in range(units):
            district = f"{'NR'[i % 2]}{chr(65 + (i // 2) % 26)}{1 + (i // 52) % 40}"
            sector = f"{district} {(i // 7) % 10}"
            unit = f"{sector}{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
            self.units.append((unit, rng.sample(self.streets, 2), rng.choice(self.towns)))

    def address(self) -> tuple[str, str]:
        rng = self.rng
        if self.irish:
            county, town = rng.choice(self.counties), rng.choice(self.towns)
            eircode = f"{rng.choice(self.routing)} {''.join(rng.choice('ACDEFHKNPRTVWXY0123456789') for _ in range(4))}"
            if rng.random() < 0.35:  # a rural address: a townland, no house number
                return f"{rng.choice(self.streets).split()[0]}, {town}, Co. {county}", eircode
            return f"{rng.randint(1, 120)} {rng.choice(self.streets)}, {town}, Co. {county}", eircode
        unit, streets, town = rng.choice(self.units)
        number = rng.randint(1, 140)
        flat = f"Flat {rng.randint(1, 12)}, " if rng.random() < 0.18 else ""
        return f"{flat}{number} {rng.choice(streets)}, {town}", unit


# ---------------------------------------------------------------- the population


def _dob(rng: random.Random) -> date:
    return SNAPSHOT - timedelta(days=rng.randint(30, 17 * 365 + 300))


def _pick(rng: random.Random, pool: list, weights: list):
    return rng.choices(pool, weights=weights[:len(pool)], k=1)[0]


def population(people: int, seed: int, irish: bool = False) -> list[Child]:
    """Families of one to four children sharing a surname and home; about 3 % of children are twins."""
    rng = random.Random(seed)
    pools = _faker_pools(seed)
    weights = _zipf(2000)
    origins = ORIGINS_IE if irish else ORIGINS_UK
    geo = Geography(rng, people // 2, irish)
    children: list[Child] = []
    family = 0
    nhs_seen: set[str] = set()
    while len(children) < people:
        family += 1
        origin = rng.choices(list(origins), weights=list(origins.values()))[0]
        pool = pools[origin]
        surname = _pick(rng, pool["last"], weights)
        if origin == "english" and rng.random() < 0.04:
            surname = f"{surname}-{_pick(rng, pool['last'], weights)}"
        homes = [(date(2000, 1, 1), *geo.address())]
        for _ in range(rng.choices((0, 1, 2), weights=(0.62, 0.28, 0.10))[0]):  # moves in the window
            homes.append((WINDOW_START + timedelta(days=rng.randint(0, (SNAPSHOT - WINDOW_START).days)),
                          *geo.address()))
        homes.sort()
        changed = None
        former = ""
        if rng.random() < 0.07:  # the family's children took a step-parent's surname (or a double-barrelled one)
            former = surname
            other = _pick(rng, pool["last"], weights)
            surname = f"{surname}-{other}" if rng.random() < 0.3 else other
            changed = WINDOW_START + timedelta(days=rng.randint(0, (SNAPSHOT - WINDOW_START).days))
        size = rng.choices((1, 2, 3, 4), weights=(0.42, 0.36, 0.16, 0.06))[0]
        births: list[date] = []
        for _ in range(size):
            dob = _dob(rng)
            if any(abs((dob - b).days) < 300 for b in births):
                continue
            births.append(dob)
            twins = 2 if rng.random() < 0.015 else 1
            names_used: set[str] = set()
            pair = []
            for _ in range(twins):
                sex = rng.choice("FM")
                for _ in range(20):
                    forename, variants = _pick(rng, pool["first"][sex], weights)
                    if forename.lower() not in names_used:
                        break
                names_used.add(forename.lower())
                other_sex = rng.choice("FM")
                middle = "" if rng.random() < 0.35 else _pick(rng, pool["first"][other_sex if rng.random() < 0.1 else sex],
                                                              weights)[0]
                call = ""
                if origin in ("arabic", "south_asian") and sex == "M" and rng.random() < 0.25:
                    forename, variants, call = "Muhammad", ["Mohammed", "Mohammad", "Mohamed", "Muhammed"], forename
                    middle = call
                key = f"P{len(children) + 1:07d}"
                nhs = _nhs(rng, nhs_seen)
                upn = f"{rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{rng.randint(10**11, 10**12 - 1)}" \
                    if (SNAPSHOT - dob).days > 4 * 365 else ""
                child = Child(key, origin, forename, middle, surname, former, changed, dob, sex, homes, family,
                              nhs=nhs, upn=upn, call_name=call, variants=list(variants))
                children.append(child)
                pair.append(child)
            if len(pair) == 2:
                pair[0].twin_of, pair[1].twin_of = pair[1].key, pair[0].key
    return children[:people]


def _nhs(rng: random.Random, seen: set[str]) -> str:
    """A 10-digit number with a valid modulus-11 check digit (NHS number format)."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check == 10:
            continue
        number = "".join(map(str, digits)) + str(check)
        if number not in seen:
            seen.add(number)
            return number


# ---------------------------------------------------------------- one agency's record of a child


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.35 and text[i].lower() in KEYBOARD:  # neighbouring key
        return text[:i] + rng.choice(KEYBOARD[text[i].lower()]) + text[i + 1:]
    if kind < 0.6:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind < 0.8:
        return text[:i] + text[i + 1:]
    return text[:i] + text[i] + text[i:]


def _latin(text: str, system: str) -> str:
    if not any("\u0400" <= c <= "\u04ff" for c in text):
        return text
    table = CYRILLIC[system]
    out = []
    for i, c in enumerate(text):
        low = c.lower()
        value = table.get(low, low if low.isascii() else "")
        if low in "её" and system == "bgn_pcgn" and i > 0 and text[i - 1].lower() not in "аеёиоуыэюяъь":
            value = "e" if low == "е" else "ë"
        out.append(value.capitalize() if c.isupper() else value)
    return unicodedata.normalize("NFC", "".join(out)).replace("ë", "e")


def _ascii(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


class Recorder:
    """How one agency writes a child down: its spelling habits, transliteration system, and slips."""

    def __init__(self, agency: str, kind: str, rng: random.Random, nicknamer, keeps_diacritics: bool):
        self.agency, self.kind, self.rng, self.nicknamer = agency, kind, rng, nicknamer
        self.system = rng.choice(list(CYRILLIC))
        self.keeps_diacritics = keeps_diacritics

    def forename(self, child: Child, traps: list) -> str:
        rng = self.rng
        name = child.forename
        if child.call_name and rng.random() < 0.5:
            name = child.call_name
            traps.append("known_by_middle")
        elif child.middle and rng.random() < RATES["known_by_middle"]:
            name = child.middle
            traps.append("known_by_middle")
        elif rng.random() < RATES["nickname"][self.kind]:
            nick = self._nickname(child, name)
            if nick and nick.lower() != name.lower():
                name = nick
                traps.append("nickname")
        if name == child.forename and child.variants and rng.random() < RATES["spelling"]:
            name = rng.choice(child.variants)
            traps.append("transliteration")
        return self._script(name, traps)

    def _nickname(self, child: Child, name: str) -> str | None:
        low = name.lower()
        if child.origin in ("english", "irish"):
            options = sorted(self.nicknamer.nicknames_of(low))
            return self.rng.choice(options).title() if options else None
        if child.origin == "polish":
            return POLISH_DIMINUTIVES.get(low)
        if child.origin == "west_african":
            for prefix in WEST_AFRICAN_PREFIXES:
                if low.startswith(prefix) and len(low) - len(prefix) >= 3:
                    return name[len(prefix):].title()
        return None

    def _script(self, name: str, traps: list) -> str:
        latin = _latin(name, self.system)
        if latin != name:
            traps.append("transliteration")
            return latin
        if not name.isascii() and not self.keeps_diacritics:
            traps.append("diacritics")
            return _ascii(name)
        return name

    def surname(self, child: Child, on: date, traps: list) -> tuple[str, str]:
        rng = self.rng
        surname, former = child.surname, ""
        if child.surname_changed:
            if on < child.surname_changed:
                surname = child.former_surname
            else:
                former = child.former_surname if rng.random() < 0.5 else ""
                traps.append("surname_change")
        if "-" in surname and rng.random() < RATES["hyphen_part"]:
            surname = rng.choice(surname.split("-"))
            traps.append("surname_part")
        return self._script(surname, traps), self._script(former, []) if former else ""

    def dob(self, child: Child, traps: list) -> date:
        rng = self.rng
        dob = child.dob
        if rng.random() >= RATES["dob_error"]:
            return dob
        kind = rng.choices([k for k, _ in DOB_ERRORS], weights=[w for _, w in DOB_ERRORS])[0]
        if kind == "day_month_swap" and dob.day <= 12 and dob.day != dob.month:
            out = date(dob.year, dob.day, dob.month)
        elif kind == "year_digit":
            out = _safe(dob.year + rng.choice((-1, 1, -10, 10)), dob.month, dob.day)
        elif kind == "day_digit":
            out = _safe(dob.year, dob.month, (dob.day + rng.choice((-10, 10, -20, 20))) % 28 + 1)
        elif kind == "first_of_january":
            out = date(dob.year, 1, 1)
        else:
            out = dob + timedelta(days=rng.choice((-1, 1)))
        if out != dob:
            traps.append("dob_error")
        return out

    def home(self, child: Child, on: date, traps: list) -> tuple[str, str]:
        rng = self.rng
        current = [h for h in child.homes if h[0] <= on][-1]
        if current is not child.homes[-1]:
            traps.append("moved")
        address, postcode = current[1], current[2]
        if rng.random() < 0.3:  # how this agency's system writes addresses
            address = address.replace("Street", "St").replace("Road", "Rd").replace("Avenue", "Ave")
        if address.startswith("Flat") and rng.random() < 0.3:
            flat, rest = address.split(", ", 1)
            address = f"{rest.split(', ')[0]} {flat}, {', '.join(rest.split(', ')[1:])}".strip(", ")
        if rng.random() < RATES["address_missing"]:
            address = ""
            traps.append("address_missing")
        if rng.random() < RATES["postcode_missing"]:
            postcode = ""
            traps.append("postcode_missing")
        elif rng.random() < RATES["postcode_typo"]:
            postcode = postcode[:-1] + rng.choice(string.ascii_uppercase)
            traps.append("postcode_typo")
        return address, postcode

    def record(self, child: Child, record_id: str, on: date, identifiers: dict) -> tuple[dict, list]:
        rng = self.rng
        traps: list = []
        forename = self.forename(child, traps)
        surname, former = self.surname(child, on, traps)
        if rng.random() < RATES["typo"]:
            if rng.random() < 0.5:
                forename = _typo(rng, forename)
            else:
                surname = _typo(rng, surname)
            traps.append("typo")
        if rng.random() < RATES["name_order"]:
            forename, surname = surname, forename
            traps.append("name_order")
        address, postcode = self.home(child, on, traps)
        sex = child.sex
        if rng.random() < RATES["sex_missing"]:
            sex = ""
        elif rng.random() < RATES["sex_wrong"]:
            sex = "F" if sex == "M" else "M"
            traps.append("sex_wrong")
        middle = child.middle if rng.random() < 0.6 else ""
        row = {"record_id": record_id, "person_type": "child", "forename": forename,
               "middle_names": self._script(middle, []) if middle and middle != forename else "",
               "surname": surname, "former_surnames": former, "date_of_birth": self.dob(child, traps), "sex": sex,
               "address": address, "postcode": postcode, **identifiers}
        return row, traps


def _safe(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


# ---------------------------------------------------------------- the three sets

AGENCIES_UK = [  # code, name, kind, share of children it holds, share of its children recorded twice
    ("police", "Northshire Police", "police", 0.18, 0.04),
    ("health", "Northshire Hospitals NHS Trust", "health", 0.92, 0.01),
    ("school-east", "Eastgate Academy", "school", 0.45, 0.005),
    ("school-west", "Westfield Primary School", "school", 0.40, 0.005),
    ("csc", "Northshire Children's Social Care", "social_care", 0.22, 0.02),
    ("youth", "Northshire Youth Service", "youth", 0.12, 0.03),
]
AGENCIES_ONE = [("voluntary", "Northshire Family Support (voluntary sector)", "voluntary", 1.0, 0.15)]
AGENCIES_IE = [
    ("childcare", "Child and family agency (area office)", "social_care", 0.62, 0.03),
    ("schools", "Schools' welfare service", "education", 0.85, 0.02),
]
SETS = {"twins": (AGENCIES_UK, False), "one-source": (AGENCIES_ONE, False), "non-uk": (AGENCIES_IE, True)}
COLUMNS = ("record_id", "person_type", "forename", "middle_names", "surname", "former_surnames", "date_of_birth",
           "sex", "address", "postcode", "nhs_number", "upn", "police_id", "la_child_id")


def _identifiers(kind: str, child: Child, rng: random.Random, own_id: str, set_name: str) -> dict:
    if set_name != "twins":
        return {}
    ids: dict = {}
    if kind == "health" and rng.random() < 0.97:
        ids["nhs_number"] = child.nhs
    if kind == "social_care":
        ids["la_child_id"] = own_id
        if rng.random() < 0.6:
            ids["nhs_number"] = child.nhs
        if child.upn and rng.random() < 0.5:
            ids["upn"] = child.upn
    if kind == "school" and child.upn and rng.random() < 0.98:
        ids["upn"] = child.upn
    if kind == "police":
        ids["police_id"] = own_id
    return ids


def generate(set_name: str, people: int, seed: int, out: Path) -> dict:
    agencies, irish = SETS[set_name]
    rng = random.Random(f"{seed}:{set_name}:records")
    children = population(people, seed, irish=irish)
    nicknamer = _nicknames()
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth").mkdir(exist_ok=True)
    with (out / "agencies.yaml").open("w", encoding="utf-8") as handle:
        for code, name, kind, _, _ in agencies:
            handle.write(f"- code: {code}\n  name: \"{name}\"\n  kind: {kind}\n")
    truth = []
    counts = {}
    for code, _, kind, share, duplicated in agencies:
        recorder = Recorder(code, kind, random.Random(f"{seed}:{code}"), nicknamer,
                            keeps_diacritics=rng.random() < 0.3)
        columns = [c for c in COLUMNS if not (set_name == "non-uk" and c in ("sex", "nhs_number", "upn", "police_id",
                                                                            "la_child_id"))]
        rows = []
        n = 0
        for child in children:
            if (SNAPSHOT - child.dob).days < 4 * 365 and kind in ("school", "education", "police", "youth"):
                continue
            if rng.random() >= share:
                continue
            copies = 1 + (rng.random() < duplicated) + (set_name == "one-source" and rng.random() < 0.2 * duplicated)
            for _ in range(copies):
                n += 1
                record_id = f"{code[:2].upper()}{n:07d}"
                on = child.dob + timedelta(days=rng.randint(0, max(1, (SNAPSHOT - child.dob).days)))
                on = max(on, WINDOW_START)
                row, traps = recorder.record(child, record_id, on,
                                             _identifiers(kind, child, rng, f"{code[:1].upper()}{n:08d}", set_name))
                dob = row["date_of_birth"]
                row["date_of_birth"] = dob.strftime("%d/%m/%Y") if irish else dob.isoformat()
                rows.append(row)
                truth.append((code, record_id, child.key, ";".join(dict.fromkeys(traps))))
        (out / code).mkdir(exist_ok=True)
        with (out / code / "people.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        counts[code] = len(rows)
    with (out / "truth" / "records.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("agency", "record_id", "person_key", "traps"))
        writer.writerows(truth)
    with (out / "truth" / "twins.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("person_key", "twin_key"))
        writer.writerows((c.key, c.twin_of) for c in children if c.twin_of and c.key < c.twin_of)
    summary = {"set": set_name, "people": len(children), "records": sum(counts.values()), "by_agency": counts,
               "twin_pairs": sum(1 for c in children if c.twin_of) // 2, "seed": seed}
    (out / "summary.json").write_text(__import__("json").dumps(summary, indent=1), encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=sorted(SETS), required=True)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(generate(args.set, args.people, args.seed, args.out))


if __name__ == "__main__":
    main()
