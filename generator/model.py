"""The catalog's types. No I/O: values arrive as the strings the loader read, and leave typed.

Field names follow Open Referral HSDS 3.0 (services, addresses, phones) and the Meeting Guide
spec (meeting schedules, types, conference links) wherever either has a name for the thing.
Each check raises ``PydanticCustomError`` with text a coordinator can act on; validate.py adds
the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Optional
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo,
                      model_validator)
from pydantic_core import PydanticCustomError

from . import text, vocab

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
LANG_RE = re.compile(r"^[a-z]{2}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _err(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    # Format here: pydantic would otherwise read braces typed by a coordinator as placeholders.
    # Messages without ctx may already hold catalog text (a phone number with braces): leave
    # them unformatted.
    text_ = message.format(**{k: (repr(v) if k == "got" else v) for k, v in ctx.items()}) \
        if ctx else message
    return PydanticCustomError(kind, text_.replace("{", "(").replace("}", ")"))


def _plain_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise _err("string_type", "expected text, got a list or mapping; write it on one line")
    value = value.strip()
    problem = text.forbidden_character(value)
    if problem:
        raise _err("bad_character", problem)
    if not value:
        raise _err("empty", "is empty; write a value or remove the line")
    return value


def _no_script_link(value: str) -> str:
    problem = text.script_link(value)
    if problem:
        raise _err("script_link", problem)
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise _err("multi_line", "must fit on one line; remove the line break")
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _err("bool", "write true or false (got {got})", got=value)


def _slug(value: str) -> str:
    if len(value) > 80 or not SLUG_RE.match(value):
        raise _err(
            "slug",
            "{got} is not a valid id: use lower-case letters, digits and single hyphens, "
            "at most 80 characters (for example \"{hint}\")",
            got=value,
            hint=text.slugify(value)[:80] or "my-resource",
        )
    return value


def _time(value: str) -> str:
    if TIME_RE.match(value):
        return value
    hint = text.time_hint(value)
    if hint:
        raise _err("time", "{got} is not a 24-hour time; write the time as \"{hint}\"",
                   got=value, hint=hint)
    raise _err("time", "{got} is not a time of day; write it as HH:MM from 00:00 to 23:59, "
               "for example \"19:30\" for 7:30 pm", got=value)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _err("date", "{got} is not a real date; write it as YYYY-MM-DD, for example \"2026-03-01\"",
                   got=value) from None


def _float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,3}(\.\d+)?", value.strip()):
        return float(value)
    raise _err("number", "{got} is not a decimal number such as 40.7128", got=value)


def _week(value: Any) -> str:
    value = str(value)
    if value in vocab.WEEKS:
        return value
    raise _err("week", "{got} is not a week of the month; write 1, 2, 3, 4, 5 or last", got=value)


def _choice(options: dict[str, str], what: str):
    def check(value: str) -> str:
        if value in options:
            return value
        close = text.closest(value, options)
        hint = f"did you mean \"{close}\"? " if close else ""
        raise _err("choice", "{got} is not a known " + what + "; " + hint + "use one of: {allowed}",
                   got=value, allowed=", ".join(options))
    return check


def _language(value: str) -> str:
    value = value.strip()
    if LANG_RE.match(value) and value in text.ISO_639_1:
        return value
    raise _err("language", "{got} is not an ISO 639-1 language code; use two letters such as en, es, fr",
               got=value)


def _country(value: str) -> str:
    if COUNTRY_RE.match(value):
        return value
    raise _err("country", "{got} is not a two-letter country code; write it like US or CA", got=value)


def _email(value: str) -> str:
    if EMAIL_RE.match(value) and len(value) <= 254:
        return value
    raise _err("email", "{got} is not an email address like intake@example.org", got=value)


def _url(value: str) -> str:
    problem = text.url_problem(value) or text.script_link(value)
    if problem:
        raise _err("url", problem)
    return value


def _timezone(value: str) -> str:
    if text.is_timezone(value):
        return value
    raise _err("timezone", "{got} is not an IANA time zone; write one like \"America/New_York\"",
               got=value)


def _description(value: str) -> str:
    if len(value) > 2000:
        raise _err("too_long", "is {n} characters long; keep descriptions under 2,000", n=len(value))
    image = text.image_problem(value)
    if image:
        raise _err("image", image)
    return value


Text = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_no_script_link),
                 Field(max_length=300, json_schema_extra={"type": "string"})]
Line = Annotated[Text, AfterValidator(_one_line)]
LongText = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_description),
                     AfterValidator(_no_script_link)]
Bool = Annotated[bool, BeforeValidator(_bool)]
Slug = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_slug),
                 Field(json_schema_extra={"pattern": SLUG_RE.pattern})]
Time = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_time),
                 Field(json_schema_extra={"pattern": TIME_RE.pattern})]
Date = Annotated[dt.date, BeforeValidator(_date)]
def _within(low: float, high: float, what: str):
    def check(value: float) -> float:
        if low <= value <= high:
            return value
        raise _err("range", "{got} is not a " + what + f"; it must be between {low:g} and {high:g}",
                   got=value)
    return check


Latitude = Annotated[float, BeforeValidator(_float), AfterValidator(_within(-90, 90, "latitude")),
                     Field(json_schema_extra={"minimum": -90, "maximum": 90})]
Longitude = Annotated[float, BeforeValidator(_float), AfterValidator(_within(-180, 180, "longitude")),
                      Field(json_schema_extra={"minimum": -180, "maximum": 180})]
Url = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_url),
                Field(json_schema_extra={"format": "uri", "pattern": "^https?://"})]
Email = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_email)]
Timezone = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_timezone)]
Language = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_language)]
Country = Annotated[str, BeforeValidator(_plain_text), AfterValidator(_country)]
Week = Annotated[str, BeforeValidator(_week), Field(json_schema_extra={
    "type": ["string", "integer"], "enum": list(vocab.WEEKS) + [1, 2, 3, 4, 5]})]
# Editors read unquoted 19125 as a number; the loader keeps it as the text written.
Digits = Annotated[Line, Field(json_schema_extra={"type": ["string", "integer"]})]


def Choice(options: dict[str, str], what: str):
    return Annotated[str, BeforeValidator(_plain_text), AfterValidator(_choice(options, what)),
                     Field(json_schema_extra={"enum": list(options)})]


Category = Choice(vocab.CATEGORIES, "category")
Program = Choice(vocab.PROGRAMS, "program")
Payment = Choice(vocab.PAYMENT, "payment option")
Population = Choice(vocab.POPULATIONS, "population")
Access = Choice(vocab.ACCESSIBILITY, "accessibility feature")
PhoneType = Choice(vocab.PHONE_TYPES, "phone type")
Status = Choice(vocab.STATUSES, "status")
Day = Choice(vocab.DAYS, "day")


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never drop data silently."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class Point(Strict):
    latitude: Latitude
    longitude: Longitude


class Bounds(Strict):
    south: Latitude
    west: Longitude
    north: Latitude
    east: Longitude

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.south >= self.north:
            raise _err("bounds", "south must be less than north; check whether they are swapped")
        if self.west >= self.east:
            raise _err("bounds", "west must be less than east (in the Americas both are negative, "
                       "and west is the more negative); check whether they are swapped")
        return self

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


class Region(Strict):
    id: Slug
    name: Line
    parent: Optional[Slug] = None
    timezone: Timezone
    intro: Optional[LongText] = None
    center: Optional[Point] = None
    bounds: Optional[Bounds] = None


# The shape of postal codes in the US and Canada; elsewhere 2-10 letters, digits, spaces or
# hyphens with at least one digit.
POSTAL_RE = {"US": re.compile(r"^\d{5}(-\d{4})?$"), "CA": re.compile(r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$")}
POSTAL_OTHER = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")
POSTAL_EXAMPLE = {"US": "43215 or 43215-1234", "CA": "T6E 4E8"}


def postal_problem(code: str, country: str) -> str | None:
    """Why ``code`` cannot be a postal code in ``country`` (None when it can): 0, 00000 and
    the like are placeholders, never a place."""
    pattern = POSTAL_RE.get(country, POSTAL_OTHER)
    if not pattern.match(code) or not code.strip("0 -"):
        example = POSTAL_EXAMPLE.get(country, "the code as the post office writes it")
        return f"{code!r} is not a postal code in {country}; write it like {example}, or leave it " \
               "out when you do not know it"
    return None


class Address(Strict):
    """A street address. The postal code and the state are optional: a street and a city with a
    state, a postal code or coordinates find the place (Resource checks the last)."""

    address_1: Line
    address_2: Optional[Line] = None
    city: Line
    state_province: Optional[Line] = None
    postal_code: Optional[Digits] = None
    country: Country = "US"

    @model_validator(mode="after")
    def _complete(self, info: ValidationInfo) -> "Address":
        country = self.country if "country" in self.model_fields_set else \
            (info.context or {}).get("country", self.country)
        if self.postal_code is not None:
            problem = postal_problem(self.postal_code, country)
            if problem:
                raise _err("postal_code", problem)
        return self

    @property
    def locality(self) -> str:
        """'Columbus, OH 43215': the city with whichever of state and postal code are known."""
        tail = " ".join(x for x in (self.state_province, self.postal_code) if x)
        return f"{self.city}, {tail}" if tail else self.city

    @property
    def line(self) -> str:
        """The whole address on one line, without the parts that are not known."""
        return ", ".join(x for x in (self.address_1, self.address_2, self.locality) if x)


def _phone(value: str, info: ValidationInfo) -> str:
    from .phones import phone_problem  # phonenumbers' metadata loads on first use only

    country = (info.context or {}).get("country", "US")
    kind = info.data.get("type", "main") if info.data else "main"
    problem = phone_problem(value, country, kind)
    if problem:
        raise _err("phone", problem)
    return value


PhoneNumber = Annotated[Digits, AfterValidator(_phone)]


class Phone(Strict):
    type: PhoneType = "main"
    number: PhoneNumber
    extension: Optional[Annotated[str, BeforeValidator(_plain_text), Field(
        pattern=r"^\d{1,8}$", json_schema_extra={"type": ["string", "integer"]})]] = None
    keyword: Optional[Line] = Field(None, description="For text lines: the word to text, e.g. HOME")
    description: Optional[Line] = None


class Hours(Strict):
    days: list[Day] = Field(min_length=1)
    opens_at: Time
    closes_at: Time


class Session(Strict):
    """One recurring meeting time (Meeting Guide: day, time, end_time)."""

    day: Day
    time: Time
    end_time: Optional[Time] = None
    weeks: Optional[list[Week]] = Field(
        None, description="Monthly meetings: which weeks of the month (1-5 or last)")


class OwnFormat(Strict):
    """A meeting format of the service body's own that no Meeting Guide type means (BMLT
    formats without a matching NAWS code), in the words and language of the source."""

    code: Line
    name: Line
    description: Optional[Line] = None
    language: Optional[Language] = Field(None, description="The language of name and description "
                                         "(ISO 639-1), so that screen readers speak it rightly")


class Translation(Strict):
    """A listing's own words in another language (``translations: {es: {name: ...}}``); a
    field left out shows the original, marked with its language."""

    name: Optional[Line] = None
    description: Optional[LongText] = None
    location_notes: Optional[Line] = None
    hours_notes: Optional[Line] = None


TRANSLATED = tuple(Translation.model_fields)  # the listing's fields a translation can carry

MEETING_ONLY = ("program", "schedule", "by_appointment", "types", "formats", "valid_from", "valid_to",
                "conference_url", "conference_url_notes", "conference_phone", "conference_phone_notes")


class Resource(Strict):
    id: Slug
    name: Line
    alternate_name: Optional[Line] = None
    category: Category
    regions: list[Slug] = Field(min_length=1)
    description: Optional[LongText] = None
    status: Status = "active"
    address: Optional[Address] = None
    online_only: Bool = False
    location: Optional[Line] = Field(None, description="Building or venue name, e.g. St. Mark's Church")
    location_notes: Optional[Line] = None
    latitude: Optional[Latitude] = None
    longitude: Optional[Longitude] = None
    phones: list[Phone] = []
    url: Optional[Url] = None
    email: Optional[Email] = None
    hours: list[Hours] = []
    hours_notes: Optional[Line] = None
    always_open: Bool = False
    languages: list[Language] = []
    payment: list[Payment] = []
    populations: list[Population] = []
    accessibility: list[Access] = []
    walk_in: Optional[Bool] = None
    accepting_new_clients: Optional[Bool] = None
    last_verified: Optional[Date] = Field(
        None, description="The day a person last checked the listing with its provider")
    verified_by: Optional[Line] = None
    imported: Optional[Date] = Field(
        None, description="The day navigator import first brought the listing in; without "
        "last_verified, no person has checked it since")
    source_updated: Optional[Date] = Field(
        None, description="The date the source gives for the record (Meeting Guide updated, "
        "HSDS assured_date); unknown when absent")
    source: Optional[Line] = Field(None, description="Where the phone number and details came from")
    source_url: Optional[Url] = Field(
        None, description="The listing's page on the site it was imported from (a state site's "
        "meeting or service page); the page links back to it")
    # Meetings (category: meeting)
    program: Optional[Program] = None
    schedule: list[Session] = []
    by_appointment: Bool = False
    types: list[Annotated[str, BeforeValidator(_plain_text)]] = []
    formats: list[OwnFormat] = Field([], description="The service body's own meeting formats "
                                     "that no type code means (code, name, description)")
    timezone: Optional[Timezone] = None
    valid_from: Optional[Date] = None
    valid_to: Optional[Date] = None
    conference_url: Optional[Url] = None
    conference_url_notes: Optional[Line] = None
    conference_phone: Optional[PhoneNumber] = None
    conference_phone_notes: Optional[Line] = None
    translations: dict[Language, Translation] = Field(
        {}, description="The listing's name, description and notes in other languages, by "
        "ISO 639-1 code (es: {name: ..., description: ...})")

    @model_validator(mode="after")
    def _consistent(self) -> "Resource":
        if self.last_verified is None and self.imported is None:
            raise _err("verified", "last_verified is required: write the date a person last "
                       "checked the listing (YYYY-MM-DD); a listing brought in by navigator "
                       "import and not checked yet has imported: <date> instead")
        if self.address is not None and self.address.postal_code is None \
                and self.address.state_province is None and self.latitude is None:
            raise _err("place", "the address has neither a state/province nor a postal code, and "
                       "there are no coordinates: add one of them so the place can be found")
        if self.address is None and not self.online_only:
            raise _err("place", "give an address, or write online_only: true for a service with no address")
        if self.address is not None and self.online_only:
            raise _err("place", "has both an address and online_only: true; keep only one")
        if (self.latitude is None) != (self.longitude is None):
            raise _err("coordinates", "give both latitude and longitude, or neither")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise _err("validity", "valid_from is after valid_to; swap the dates")
        if self.online_only and self.category == "meeting" and not (self.conference_url or self.conference_phone):
            raise _err("join", "an online meeting needs a way to join: add conference_url or "
                       "conference_phone")
        for phone in self.phones:
            if phone.keyword and phone.type != "text":
                raise _err("keyword", "keyword is only for text lines (type: text)")
        return self

    @property
    def is_meeting(self) -> bool:
        return self.category == "meeting"

    @property
    def verified(self) -> bool:
        """Checked by a person (not only imported)."""
        return self.last_verified is not None

    @property
    def source_site(self) -> str | None:
        """The host of ``source_url`` ('ohio.example.org'): the site a federated listing came
        from, named on its page."""
        return urlsplit(self.source_url).hostname if self.source_url else None

    @property
    def as_of(self) -> dt.date | None:
        """The date the listing is known to be true: a person's check, else the source's own
        date; None when neither is known (it then counts as stale)."""
        return self.last_verified or self.source_updated


class Limits(Strict):
    """Budgets a pull request must stay within (limits.py): CI time grows with the catalog. The
    defaults leave room for the whole SAMHSA directory imported into one file (12,165 listings,
    15.8 MB) and for a national catalog of 100,000 listings (about 62 MB)."""

    listings_per_file: int = Field(20_000, ge=1, description="Most listings one file may hold")
    file_mb: int = Field(32, ge=1, le=64, description="Largest size of one catalog file, in MB")
    catalog_mb: int = Field(128, ge=1, description="Largest size of all catalog files together, in MB")


class Site(Strict):
    """Settings that belong with the data (branding lives in mkdocs.yml)."""

    country: Country = "US"
    stale_warn_months: int = Field(6, ge=1, le=60)
    stale_flag_months: int = Field(12, ge=1, le=120)
    crisis_resources: list[Slug] = Field(
        [], description="Ids of national crisis lines shown on every page, in order")
    example_data: bool = Field(
        False, description="True while the listings are invented examples (the shipped example "
        "catalog): printed meeting lists and sheets then say so. Remove it when the data is real")
    limits: Limits = Limits()

    @model_validator(mode="after")
    def _order(self) -> "Site":
        if self.stale_warn_months >= self.stale_flag_months:
            raise _err("stale", "stale_warn_months must be smaller than stale_flag_months")
        return self

    @model_validator(mode="before")
    @classmethod
    def _ints(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("stale_warn_months", "stale_flag_months"):
                value = data.get(key)
                if isinstance(value, str) and not value.isdigit():
                    raise _err("int", f"{key} must be a whole number of months, e.g. 6")
        return data


class CatalogFile(Strict):
    """The shape of resources.yaml and of every file it includes."""

    schema_: Optional[str] = Field(None, alias="$schema")
    site: Optional[Site] = None
    include: list[Annotated[str, BeforeValidator(_plain_text)]] = Field(
        [], description="Further catalog files, relative to this one (for example catalog/ohio.yaml)")
    regions: list[Region] = []
    resources: list[Resource] = []

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

