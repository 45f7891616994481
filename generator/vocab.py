"""Fixed vocabularies of the catalog format: the ids coordinators write and their English labels.

Labels are translated at render time through the one gettext catalogue (see i18n.py); ``N_``
marks them for extraction without translating at import time.
"""


def N_(text: str) -> str:
    return text


CATEGORIES = {
    "crisis-line": N_("Crisis line"),
    "detox": N_("Detox / withdrawal management"),
    "residential": N_("Residential treatment"),
    "outpatient": N_("Outpatient / intensive outpatient"),
    "moud": N_("Medication for addiction (MOUD / MAT, OTP)"),
    "meeting": N_("Mutual-support meeting"),
    "recovery-housing": N_("Recovery housing / sober living"),
    "harm-reduction": N_("Harm reduction"),
    "peer-support": N_("Recovery community centre / peer support"),
    "family-support": N_("Family support"),
    "mental-health": N_("Mental health"),
    "legal": N_("Legal services"),
    "employment": N_("Employment services"),
    "housing": N_("Housing services"),
    "health": N_("Health services"),
    "other": N_("Other services"),
}

PROGRAMS = {
    "aa": N_("Alcoholics Anonymous (AA)"),
    "na": N_("Narcotics Anonymous (NA)"),
    "smart": N_("SMART Recovery"),
    "recovery-dharma": N_("Recovery Dharma"),
    "celebrate-recovery": N_("Celebrate Recovery"),
    "al-anon": N_("Al-Anon"),
    "nar-anon": N_("Nar-Anon"),
    "ca": N_("Cocaine Anonymous (CA)"),
    "cma": N_("Crystal Meth Anonymous (CMA)"),
    "other": N_("Other program"),
}

PAYMENT = {
    "free": N_("Free"),
    "sliding-scale": N_("Sliding scale"),
    "medicaid": N_("Medicaid"),
    "medicare": N_("Medicare"),
    "private-insurance": N_("Private insurance"),
    "self-pay": N_("Self-pay"),
    "military": N_("VA / military insurance"),
    "state-funded": N_("State-funded"),
    "payment-assistance": N_("Payment assistance"),
}

POPULATIONS = {
    "women": N_("Women"),
    "men": N_("Men"),
    "youth": N_("Youth"),
    "young-adults": N_("Young adults"),
    "seniors": N_("Seniors"),
    "veterans": N_("Veterans"),
    "lgbtq": N_("LGBTQ+"),
    "pregnant": N_("Pregnant or postpartum people"),
    "justice-involved": N_("People with criminal-legal involvement"),
    "families": N_("Families"),
}

ACCESSIBILITY = {
    "wheelchair": N_("Wheelchair accessible"),
    "accessible-restroom": N_("Accessible restroom"),
    "asl": N_("American Sign Language"),
    "hearing-loop": N_("Hearing loop"),
    "large-print": N_("Large print materials"),
    "braille": N_("Braille materials"),
    "interpreter": N_("Interpreter on request"),
    "transit": N_("Near public transit"),
    "parking": N_("Parking"),
}

PHONE_TYPES = {
    "main": N_("Main"),
    "intake": N_("Intake"),
    "crisis": N_("Crisis"),
    "text": N_("Text"),
    "fax": N_("Fax"),
    "tty": N_("TTY"),
}

STATUSES = {
    "active": N_("Active"),
    "temporarily-closed": N_("Temporarily closed"),
    "inactive": N_("Inactive"),
}

ATTENDANCE = {
    "in-person": N_("In person"),
    "online": N_("Online"),
    "hybrid": N_("In person and online"),
}

# Meeting Guide numbers days from Sunday = 0; we keep that order so exports are direct.
DAYS = {
    "sunday": N_("Sunday"),
    "monday": N_("Monday"),
    "tuesday": N_("Tuesday"),
    "wednesday": N_("Wednesday"),
    "thursday": N_("Thursday"),
    "friday": N_("Friday"),
    "saturday": N_("Saturday"),
}
DAY_INDEX = {day: index for index, day in enumerate(DAYS)}

WEEKS = {"1": N_("first"), "2": N_("second"), "3": N_("third"), "4": N_("fourth"), "5": N_("fifth"), "last": N_("last")}

# Codes of our own for programs the Meeting Guide list does not cover (prefixed to avoid clashes).
EXTRA_MEETING_TYPES = {
    "RN-FAM": N_("For families and friends"),
    "RN-MOUD": N_("Medication-assisted recovery welcome"),
    "RN-HYB": N_("Hybrid (in person and online)"),
}
