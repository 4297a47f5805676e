"""Case-note text: neutral professional recording, plus deliberately flagged phrases at a low rate."""

from __future__ import annotations

import random

from engine.synth.model import Event

# Phrases the language checker should flag (seeds-requirements.md §3.1). Neutral notes never contain them.
FLAGGED_PHRASES = (
    "DNA", "did not attend", "putting herself at risk", "putting himself at risk", "promiscuous",
    "boyfriend", "choosing", "lifestyle choices", "risk-taking behaviour", "sexually active",
    "uncooperative", "active participant", "troublemaker", "out of control", "consensual",
    "child prostitution",
)

# Event type -> (sentence, phrase) options used when a note is deliberately flagged.
_FLAGGABLE = {
    "appointment.was_not_brought": [("Outcome recorded as DNA.", "DNA"),
                                     ("Child did not attend the appointment.", "did not attend")],
    "school.attendance_concern": [("Pupil is uncooperative with staff about attendance.", "uncooperative"),
                                  ("Staff describe the pupil as a troublemaker.", "troublemaker")],
    "school.suspension": [("Pupil was out of control in the corridor.", "out of control")],
    "police.missing_report": [("{Pro} is putting {obj} at risk by going missing.", "putting {obj} at risk")],
    "youth.session_attended": [("Young person was out of control during the session.", "out of control")],
    "csc.assessment": [("Mother describes the young person as choosing to stay out late.", "choosing"),
                       ("Worker notes risk-taking behaviour outside the home.", "risk-taking behaviour")],
    "health.sexual_health_attendance": [("Young person is sexually active.", "sexually active")],
    "safeguarding.concern": [("Young person is reported to be promiscuous.", "promiscuous"),
                             ("Young person is choosing to spend time with older males.", "choosing")],
}

NEUTRAL = {
    "csc.contact": ["Contact received and recorded. Information reviewed by MASH.",
                    "Notification received; checks completed with partner agencies."],
    "csc.referral": ["Referral accepted for a child and family assessment.",
                     "Referral received; threshold for assessment met."],
    "csc.assessment": ["Child and family assessment completed; child seen alone.",
                       "Assessment completed with parents and child; plan agreed."],
    "csc.strategy_discussion": ["Strategy discussion held with police and health."],
    "csc.section47": ["Section 47 enquiries started following the strategy discussion."],
    "csc.cp_plan_start": ["Initial child protection conference: child made subject of a child protection plan."],
    "csc.cp_plan_end": ["Review conference: child protection plan ended; step down to child in need plan."],
    "csc.cla_episode_start": ["Child became looked after."],
    "csc.cla_episode_end": ["Episode of care ended."],
    "csc.closure": ["Case closed.", "Case closed following review of the plan."],
    "csc.missing_episode": ["Missing episode recorded; return home interview offered."],
    "csc.no_further_action": ["No further action following checks."],
    "school.attendance_concern": ["Attendance below expected level; letter sent to parents.",
                                  "Attendance meeting held with parent."],
    "school.suspension": ["Suspension issued; reintegration meeting arranged."],
    "school.permanent_exclusion": ["Permanent exclusion confirmed by the headteacher."],
    "school.part_time_timetable_start": ["Part-time timetable agreed with parent; review date set."],
    "school.part_time_timetable_end": ["Part-time timetable ended; pupil returned to full-time attendance."],
    "school.elective_home_education": ["Parent notified the school of elective home education; pupil removed from roll."],
    "school.child_missing_education": ["Pupil not in school and whereabouts unknown; referred to the CME officer."],
    "school.safeguarding_concern": ["Safeguarding concern recorded by the DSL.",
                                    "Concern logged; DSL informed the same day."],
    "health.ae_attendance": ["Seen and treated in the emergency department; discharged home.",
                             "Attended the emergency department with parent; treated and discharged."],
    "health.sexual_health_attendance": ["Attended the sexual health clinic."],
    "health.camhs_referral": ["Referral to CAMHS made by the GP."],
    "health.camhs_attendance": ["CAMHS appointment; seen with parent."],
    "health.self_harm_presentation": ["Presented with self-inflicted injuries; psychosocial assessment completed."],
    "health.overdose_presentation": ["Presented following an overdose of medication; admitted for observation."],
    "health.suicidal_ideation": ["Expressed thoughts of ending their life; safety plan made."],
    "health.maternity_booking": ["Booking appointment with the community midwife."],
    "health.pregnancy": ["Pregnancy confirmed."],
    "health.birth": ["Live birth."],
    "health.substance_misuse_treatment": ["Attended the substance misuse service."],
    "health.injury": ["Injury examined and documented."],
    "police.domestic_abuse_incident": ["Officers attended a report of domestic abuse at the address.",
                                       "Domestic abuse incident; DASH risk assessment completed."],
    "police.missing_report": ["Reported missing; found and returned home."],
    "police.arrest": ["Arrested and interviewed."],
    "police.crime_suspect": ["Named as a suspect."],
    "police.crime_victim": ["Reported as the victim of a crime."],
    "police.crime_witness": ["Statement taken as a witness."],
    "police.sexual_offence_report": ["Report of a sexual offence recorded."],
    "police.intelligence_place": ["Intelligence received about the location."],
    "police.intelligence_person": ["Intelligence received about the person."],
    "police.found_with_adult": ["Child found in the company of an adult."],
    "police.dvpo": ["Domestic violence protection order granted by the magistrates' court."],
    "appointment.attended": ["Appointment attended."],
    "appointment.was_not_brought": ["Child was not brought to the appointment; follow-up letter sent."],
    "appointment.not_attended": ["Appointment not attended; young person contacted by phone."],
    "appointment.cancelled": ["Appointment cancelled."],
    "appointment.rescheduled": ["Appointment rescheduled."],
    "child.disclosure": ["Child told staff about harm."],
    "child.retraction": ["Child said the earlier account was not true."],
    "youth.session_attended": ["Attended the youth club session.", "Attended the sports session."],
    "youth.detached_contact": ["Spoken with during detached outreach."],
    "youth.concern": ["Youth worker recorded a concern."],
    "household.new_partner": ["A new partner has moved into the household."],
    "household.move": ["Family moved to a new address."],
    "household.separation": ["Parents have separated."],
    "safeguarding.concern": ["Safeguarding concern recorded."],
}


def neutral(rng: random.Random, etype: str) -> str:
    options = NEUTRAL[etype]
    return options[0] if len(options) == 1 else options[rng.randrange(len(options))]


def maybe_flag(rng: random.Random, ev: Event, rate: float, sex: str = "F") -> None:
    """With probability `rate`, add a flagged phrase to the note and record which one."""
    options = _FLAGGABLE.get(ev.etype)
    if not options or rng.random() >= rate:
        return
    flag(rng, ev, sex, options)


def flag(rng: random.Random, ev: Event, sex: str = "F", options: list | None = None) -> None:
    options = options or _FLAGGABLE[ev.etype]
    sentence, phrase = options[rng.randrange(len(options))]
    words = {"Pro": "She" if sex == "F" else "He", "obj": "herself" if sex == "F" else "himself"}
    ev.note = (ev.note + " " + sentence.format(**words)).strip()
    ev.flagged = phrase.format(**words)


def flagged_in(text: str) -> list[str]:
    """Flagged phrases present in a note (case-insensitive, except the acronym DNA)."""
    low = text.lower()
    found = []
    for phrase in FLAGGED_PHRASES:
        if phrase == "DNA":
            if any(w.strip(".,;:()") == "DNA" for w in text.split()):
                found.append(phrase)
        elif phrase.lower() in low:
            found.append(phrase)
    return found
