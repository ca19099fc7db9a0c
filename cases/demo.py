"""Synthetic case records for the demo and the benchmarks (DESIGN.md §8).

``load_cases_demo(scale=1)`` adds about 300 children with their cases, assessments,
plans, reviews, contacts, victims and flags, spread over the demo teams North and
South; ``scale=334`` adds about 100,000. Everything is invented: names come from
Faker's en_GB surnames and from curated lists of names common among children of
each ethnic background in England; phone numbers are in Ofcom's drama ranges and
e-mail addresses use reserved ``.example`` domains.

Data is made in units of 300 children, each from its own random generator seeded
by ``seed`` and the unit's number, so a run is deterministic and a larger scale
only adds the missing units: running it twice never duplicates anything. Rows are
written in bulk with PostgreSQL's COPY (``_copy``, a faster ``bulk_create``), ten
units to a transaction; no audit events are written, as nobody did this work.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone
from faker.providers.person.en_GB import Provider as EnGbNames
from psycopg import sql

from yjs.database import refresh_planner_statistics
from yjs.demo import register_data_set_step, register_demo_step
from yjs.models import Team, User
from yjs.working_days import add_working_days

from . import services
from .models import (
    Assessment,
    AssessmentType,
    Attendance,
    Case,
    CaseStatus,
    CaseTransfer,
    CaseType,
    Child,
    ChildAlias,
    ChildSearchKey,
    Contact,
    ContactType,
    EducationStatus,
    EnforcementStep,
    Ethnicity,
    Flag,
    FlagType,
    Level,
    Offence,
    Plan,
    PlanTarget,
    Returned,
    ReviewTrigger,
    Transition,
    TransitionDecision,
    Victim,
    VictimContactDetails,
)
from .models import Review as ReviewModel
from .search import name_keys

CHILDREN_PER_UNIT = 300
UNITS_PER_TRANSACTION = 10
# Every demo child carries one police local ID of this form: how a rerun knows what exists.
DEMO_ID_PREFIX = "DEMO-"
LONDON = ZoneInfo("Europe/London")


def _words(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


# --- Names ----------------------------------------------------------------------------

# Faker's en_GB surnames with their frequencies: the White British pool.
BRITISH_SURNAMES = list(EnGbNames.last_names)
BRITISH_SURNAME_WEIGHTS = list(EnGbNames.last_names.values())

# Forenames of children born 2008–2016 in England and Wales (ONS baby names, top of the lists).
BOYS = _words(
    "Oliver Harry Jack George Noah Charlie Jacob Alfie Freddie Oscar Leo Logan Archie Theo Thomas James Joshua "
    "Henry William Max Lucas Ethan Arthur Mason Isaac Harrison Teddy Finley Daniel Riley Edward Joseph Alexander "
    "Adam Reggie Samuel Jaxon Sebastian Elijah Harley Toby Arlo Dylan Jude Benjamin Rory Tommy Jake Louie Carter "
    "Jenson Hugo Bobby Frankie Ollie Zachary David Albie Lewis Luca Ronnie Jackson Matthew Alex Harvey Reuben "
    "Jayden Caleb Hunter Nathan Blake Luke Elliot Kai Liam Connor Tyler Kyle Callum Bradley Kieran Jordan Aaron "
    "Ryan Cameron Declan Brandon Corey Jamie Owen Ashton Ellis Mohammed Louis Kayden Morgan"
)
GIRLS = _words(
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Florence Emily Ella Poppy Evie "
    "Elsie Charlotte Evelyn Sienna Sofia Daisy Phoebe Sophie Alice Harper Matilda Ruby Emilia Maya Millie Isabelle "
    "Eva Chloe Jessica Holly Lacey Leah Megan Caitlin Courtney Paige Shannon Jade Keira Lauren Amber Mollie Tia "
    "Demi Ellie Erin Summer Lola Scarlett Layla Niamh Abigail Hannah Madison Libby Skye Macy Kacey Brooke Katie "
    "Zoë Chloë Renée Bethany Georgia Hollie Lexi Maisie Tilly Esme Harriet Elizabeth Anna"
)


@dataclass(frozen=True)
class NamePool:
    """Surnames (a pair is the male and female form) and forenames of one background."""

    surnames: Sequence[str | tuple[str, str]]
    boys: Sequence[str]
    girls: Sequence[str]


def _pool(surnames: str, boys: str, girls: str) -> NamePool:
    def split(text: str) -> list[str | tuple[str, str]]:
        return [tuple(item.split("/")) if "/" in item else item for item in text.split(",")]

    return NamePool(split(surnames), boys.split(","), girls.split(","))


IRISH = _pool(
    "Murphy,Kelly,O'Brien,O'Sullivan,Byrne,Ryan,O'Connor,Walsh,McCarthy,Doyle,O'Neill,Gallagher,Kennedy,Lynch,"
    "Quinn,Fitzgerald,Brennan,Daly,O'Reilly,McLaughlin,Duffy,Nolan,D'Arcy,Keane,Flanagan",
    "Seán,Cian,Oisín,Conor,Declan,Eoin,Padraig,Ronan,Niall,Darragh,Cillian,Fionn,Liam,Aidan,Callum",
    "Ciara,Aoife,Niamh,Saoirse,Siobhán,Róisín,Orla,Clodagh,Caoimhe,Aisling,Sinéad,Erin,Bridget,Nuala",
)
TRAVELLER = _pool(
    "Lee,Smith,Boswell,Lovell,Price,Doherty,McDonagh,Ward,Joyce,Maughan,Cash,Loveridge,Stokes,Connors,Quilligan",
    "Levi,Jimmy,Frankie,Tyson,Patrick,Johnny,Martin,Dannie,Shamus,Bartley,Tommy,Jesse,Noah",
    "Bridget,Mary,Kathleen,Shannon,Margaret,Brigid,Kitty,Tiffany,Rosie,Nora,Chantelle,Pearl",
)
WHITE_OTHER = _pool(
    "Kowalski/Kowalska,Nowak,Wiśniewski/Wiśniewska,Wójcik,Kamiński/Kamińska,Lewandowski/Lewandowska,"
    "Zieliński/Zielińska,Popescu,Ionescu,Stan,Dumitru,Kazlauskas/Kazlauskaitė,Petrov/Petrova,Silva,Santos,"
    "Ferreira,Rossi,Horváth,Novák/Nováková,Berzins,Müller,Ivanov/Ivanova",
    "Jakub,Kacper,Szymon,Mateusz,Dawid,Andrei,Mihai,Ștefan,João,Tomás,Lukas,Matas,Filip,Nikola,Luca,Marek",
    "Oliwia,Zuzanna,Wiktoria,Julia,Ioana,Bianca,Inês,Gabrielė,Zoë,Natalia,Amelia,Ana,Lena,Eliška",
)
CARIBBEAN = _pool(
    "Campbell,Brown,Williams,Thompson,Johnson,Clarke,Forbes,Henry,Morgan,McKenzie,Edwards,Bailey,Gordon,"
    "Walters,Blake,Grant,Reid,Francis,Richards,Samuels,Lewis,Anderson,Powell,Bennett",
    "Tyrone,Andre,Jermaine,Leon,Kemar,Jordan,Malachi,Jaden,Marcus,Tyrese,Kai,Rashawn,Devon,Nathaniel,Isaiah",
    "Shanice,Chantelle,Tianna,Jada,Aaliyah,Kiera,Nia,Shania,Tanisha,Imani,Keisha,Destiny,Jasmine",
)
AFRICAN = _pool(
    "Okafor,Adeyemi,Okonkwo,Mensah,Boateng,Asante,Owusu,Adebayo,Oyelaran,Mohamed,Abdi,Hassan,Warsame,Mwangi,"
    "Kamara,Conteh,Nkosi,Eze,Nwosu,Adeleke,Osei,Diallo,Sesay,Ogunleye,Achieng",
    "Chinedu,Chidi,Emeka,Oluwaseun,Tobi,Kwame,Kofi,Abdirahman,Ayaan,Tunde,Femi,Kelechi,Yaw,Mustafa,Samuel",
    "Adaeze,Ngozi,Temi,Ama,Abena,Hodan,Fartun,Deka,Chiamaka,Folake,Amara,Zainab,Blessing,Precious",
)
BLACK_OTHER = NamePool(CARIBBEAN.surnames + AFRICAN.surnames, CARIBBEAN.boys, CARIBBEAN.girls + AFRICAN.girls)
INDIAN = _pool(
    "Patel,Sharma,Singh/Kaur,Gill,Sandhu,Kumar,Mistry,Chauhan,Joshi,Desai,Bhatt,Parmar,Dhillon,Sidhu,Mehta,"
    "D'Souza,Rana,Shah,Kapoor,Bains",
    "Arjun,Rohan,Aarav,Dev,Karan,Ravi,Nikhil,Harjot,Gurpreet,Jaspal,Vikram,Ishaan,Sahil,Kiran",
    "Priya,Anika,Harpreet,Simran,Jaspreet,Anjali,Diya,Navneet,Kavya,Meera,Riya,Sana,Asha",
)
PAKISTANI = _pool(
    "Khan,Hussain,Ahmed,Ali,Akhtar,Iqbal,Mahmood,Raza,Butt,Rashid,Malik,Shah,Aslam,Bibi,Sharif,Javed,Riaz",
    "Muhammad,Mohammed,Ibrahim,Zain,Hamza,Bilal,Usman,Yusuf,Ayaan,Haris,Musa,Adnan,Zakariya,Rayan",
    "Ayesha,Maryam,Zara,Hafsa,Fatima,Aleena,Amina,Zoya,Inaaya,Sumaiya,Iqra,Mariam,Khadijah",
)
BANGLADESHI = _pool(
    "Miah/Begum,Uddin,Rahman,Islam,Hossain,Chowdhury,Ahmed,Ali,Khatun,Alam,Haque,Karim,Sarkar",
    "Abdul,Tahmid,Sakib,Farhan,Mahfuz,Rayhan,Sami,Ishfaq,Nayeem,Arif,Tanvir",
    "Sadia,Nusrat,Rumana,Jannat,Tasnim,Sumaya,Nafisa,Ruksana,Shanaz,Tahmina",
)
CHINESE = _pool(
    "Wong,Chen,Li,Zhang,Wang,Liu,Lam,Cheung,Chan,Ng,Ho,Lau,Yeung,Tang,Leung",
    "Wei,Jun,Ming,Kevin,Jason,Ka Wai,Hao,Yi,Daniel,Ryan",
    "Mei,Lily,Ka Yan,Hiu Tung,Xin,Jia,Grace,Emily,Wing,Yan",
)
ASIAN_OTHER = _pool(
    "Nguyen,Tran,Pham,Gurung,Rai,Thapa,Tamang,Perera,Fernando,Reyes,Cruz,Bautista,Sok,Le",
    "Minh,Bao,Prakash,Sanjay,Aiden,Joshua,Tuan,Kiran,Sujan,Dinesh",
    "Linh,Anh,Nisha,Trang,Sunita,Maria,Angel,Thuy,Pooja",
)
ARAB = _pool(
    "Al-Hashimi,El-Masry,Hassan,Ibrahim,Mahmoud,Abdullah,Saleh,Haddad,Nasser,Al-Sayed,Mansour,Khalil,Al-Amin",
    "Omar,Youssef,Karim,Ahmad,Khalid,Tariq,Ali,Hamza,Zayd,Adam",
    "Layla,Nour,Rania,Hana,Salma,Yasmin,Mariam,Sara,Lina,Amira",
)
OTHER = _pool(
    "Yilmaz,Kaya,Demir,Ahmadi,Karimi,Hosseini,Rodriguez,Gonzalez,Moreno,Mohammadi,Rostami,Aziz,Barzani",
    "Emre,Arash,Darius,Mateo,Kian,Aram,Yusuf,Santiago,Bahoz,Reza",
    "Elif,Shirin,Sofía,Valentina,Zeynep,Roya,Dilan,Camila,Avin,Sara",
)
BRITISH = NamePool((), BOYS, GIRLS)  # surnames from Faker, weighted

# Mixed backgrounds draw surname and forenames from two pools.
POOLS: dict[str, tuple[NamePool, ...]] = {
    Ethnicity.WHITE_BRITISH: (BRITISH,),
    Ethnicity.WHITE_IRISH: (IRISH,),
    Ethnicity.WHITE_GYPSY_TRAVELLER: (TRAVELLER,),
    Ethnicity.WHITE_OTHER: (WHITE_OTHER,),
    Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN: (BRITISH, CARIBBEAN),
    Ethnicity.MIXED_WHITE_BLACK_AFRICAN: (BRITISH, AFRICAN),
    Ethnicity.MIXED_WHITE_ASIAN: (BRITISH, INDIAN, PAKISTANI, CHINESE),
    Ethnicity.MIXED_OTHER: (BRITISH, ARAB, OTHER, WHITE_OTHER),
    Ethnicity.ASIAN_INDIAN: (INDIAN,),
    Ethnicity.ASIAN_PAKISTANI: (PAKISTANI,),
    Ethnicity.ASIAN_BANGLADESHI: (BANGLADESHI,),
    Ethnicity.ASIAN_CHINESE: (CHINESE,),
    Ethnicity.ASIAN_OTHER: (ASIAN_OTHER,),
    Ethnicity.BLACK_CARIBBEAN: (CARIBBEAN,),
    Ethnicity.BLACK_AFRICAN: (AFRICAN,),
    Ethnicity.BLACK_OTHER: (BLACK_OTHER,),
    Ethnicity.OTHER_ARAB: (ARAB,),
    Ethnicity.OTHER_ANY: (OTHER,),
    Ethnicity.NOT_STATED: (BRITISH, CARIBBEAN, PAKISTANI, WHITE_OTHER, AFRICAN),
}
# Roughly the make-up of children worked with by a city YJS (per cent).
ETHNICITY_WEIGHTS = {
    "W1": 52, "W2": 1.5, "W3": 2, "W9": 5, "M1": 4, "M2": 1.5, "M3": 1.5, "M9": 2, "A1": 1.5, "A2": 4,
    "A3": 1.5, "A4": 0.5, "A9": 1, "B1": 4, "B2": 5, "B3": 3, "O1": 1, "O9": 1.5, "NS": 3,
}  # fmt: skip
NICKNAMES = {
    "William": "Billy", "Alexander": "Alex", "Thomas": "Tom", "Joseph": "Joe", "Muhammad": "Mo",
    "Mohammed": "Mo", "Oluwaseun": "Seun", "Abdirahman": "Abdi", "Daniel": "Danny", "Nathaniel": "Nate",
    "Samuel": "Sam", "Jessica": "Jess", "Elizabeth": "Libby", "Zachary": "Zac", "Benjamin": "Ben",
    "Frederick": "Freddie", "Harriet": "Hattie", "Matthew": "Matty", "Chidi": "CJ", "Tyrone": "Ty",
}  # fmt: skip
ALIAS_SPELLINGS = {"Muhammad": "Mohammed", "Mohammed": "Muhammad", "Zoë": "Zoe", "Seán": "Shaun", "Siobhán": "Shivon"}

# --- Places and people around the child ------------------------------------------------

HOME_AUTHORITY = "Leeds"
NEIGHBOURING_AUTHORITIES = ["Bradford", "Wakefield", "Kirklees", "Calderdale", "North Yorkshire"]
POSTCODE_DISTRICTS = {"north": ["LS6", "LS7", "LS8", "LS16", "LS17", "LS7"], "south": ["LS10", "LS11", "LS12", "LS14"]}
STREETS = _words(
    "Station Road,Church Street,Victoria Road,Green Lane,Manor Road,Park Avenue,Kings Road,Queens Road,"
    "Grange Road,Chapel Street,Mill Lane,Springfield Road,Beech Grove,Harehills Lane,Roundhay Road,"
    "Chapeltown Road,Dewsbury Road,Tong Road,Seacroft Avenue,Broadway,Moor Crescent,Oakwood Drive",
    ",",
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
HOST_SERVICES = ["Bradford YJS", "Wakefield YJS", "Kirklees YJS", "Manchester YJS", "Sheffield YJS", "Lambeth YJS"]
ADULT_FIRST = "Sarah,Claire,Emma,Rachel,Helen,Lisa,Joanne,Karen,Mark,Paul,Andrew,David,Stephen,Gary,Nadia,Yasmin"
ADULT_FIRST_NAMES = ADULT_FIRST.split(",")
ADULT_SURNAMES = ["Thompson", "Walker", "Robinson", "Wright", "Hall", "Begum", "Okoro", "Nowak", "Hughes", "Kaur"]

# --- The work --------------------------------------------------------------------------------

# (description, Home Office offence group, gravity score)
OFFENCES = [
    ("Theft from a shop", "Theft offences", 1),
    ("Theft of a pedal cycle", "Theft offences", 2),
    ("Common assault", "Violence against the person", 2),
    ("Assault occasioning actual bodily harm", "Violence against the person", 4),
    ("Assault of an emergency worker", "Violence against the person", 4),
    ("Criminal damage (under £5,000)", "Criminal damage and arson", 2),
    ("Arson not endangering life", "Criminal damage and arson", 3),
    ("Possession of cannabis", "Drug offences", 1),
    ("Possession with intent to supply a class A drug", "Drug offences", 5),
    ("Possession of a bladed article in a public place", "Possession of weapons offences", 4),
    ("Robbery of personal property", "Robbery", 5),
    ("Burglary of a dwelling", "Burglary", 4),
    ("Aggravated vehicle taking", "Theft offences", 4),
    ("Using threatening behaviour (section 4 Public Order Act)", "Public order offences", 3),
    ("Racially aggravated harassment", "Public order offences", 4),
    ("Sending a malicious communication", "Miscellaneous crimes against society", 2),
    ("Sexual assault", "Sexual offences", 5),
    ("Driving without insurance", "Summary motoring", 2),
]
OUTCOMES = {
    CaseType.DIVERSION: ["Community resolution", "Youth caution", "Youth conditional caution", "Outcome 22"],
    CaseType.REFERRAL_ORDER: ["Referral order (6 months)", "Referral order (9 months)", "Referral order (12 months)"],
    CaseType.YOUTH_REHABILITATION_ORDER: ["Youth rehabilitation order (12 months)", "YRO with intensive supervision"],
    CaseType.DETENTION_AND_TRAINING_ORDER: ["Detention and training order (8 months)", "DTO (12 months)"],
    CaseType.REMAND: ["Remanded to youth detention accommodation", "Remanded to local authority accommodation"],
    CaseType.BAIL_SUPPORT: ["Conditional bail with bail support", "Bail with intensive supervision and surveillance"],
}
CASE_TYPE_WEIGHTS = {
    CaseType.PREVENTION: 20, CaseType.DIVERSION: 30, CaseType.REFERRAL_ORDER: 20,
    CaseType.YOUTH_REHABILITATION_ORDER: 15, CaseType.DETENTION_AND_TRAINING_ORDER: 4, CaseType.REMAND: 4,
    CaseType.BAIL_SUPPORT: 7,
}  # fmt: skip
ORDER_MONTHS = {
    CaseType.REFERRAL_ORDER: (6, 12),
    CaseType.YOUTH_REHABILITATION_ORDER: (6, 24),
    CaseType.DETENTION_AND_TRAINING_ORDER: (4, 24),
}
CLOSURE_REASONS = {
    CaseType.PREVENTION: ["Intervention completed", "Child declined further support", "Moved out of area"],
    CaseType.DIVERSION: ["Intervention completed", "Conditions complied with", "Moved out of area"],
    CaseType.REMAND: ["Remand ended: sentenced", "Remand ended: released on bail"],
    CaseType.BAIL_SUPPORT: ["Bail support ended at sentence", "Bail revoked"],
}
ORDER_CLOSURE_REASONS = ["Order completed", "Order completed early for good progress", "Order revoked after breach"]
TARGETS = [
    ("Go to school every day this term", "Me, my mum and Mr Ahmed at school", "My attendance report is over 90%"),
    ("Stay away from the town centre after 8pm", "Me", "No calls from the police about it"),
    ("Write a letter of apology to the person I hurt", "Me and my YJS worker", "The letter is sent"),
    ("Go to the boxing sessions at the youth club on Tuesdays", "Me and the coach", "The coach signs my card"),
    ("See the substance misuse worker every fortnight", "Me and the Forward Leeds worker", "I have been to six"),
    ("Apply for a construction course at college", "Me and the careers adviser", "I have an interview date"),
    ("Keep my phone on and answer calls from my YJS worker", "Me", "I have not missed any calls for a month"),
    ("Finish the knife crime awareness sessions", "Me and my YJS worker", "I get my certificate"),
    ("Spend time with my little brother at weekends", "Me and my nan", "Nan says we did something together"),
    ("Open a bank account and save for a bike", "Me and my key worker", "I have saved £50"),
    ("Talk to someone when I feel angry instead of lashing out", "Me and the CAMHS worker", "Fewer exclusions"),
    ("Do my reparation hours at the community garden", "Me and the reparation officer", "All hours are signed"),
]
CONTACT_NOTES = {
    Attendance.ATTENDED: ["Engaged well; worked on targets.", "Quiet today, talked about school.", "Good session."],
    Attendance.DID_NOT_ATTEND: ["No answer at the door.", "Did not come to the office; phone off.", "Not at home."],
    Attendance.ACCEPTABLE_ABSENCE: ["Hospital appointment (letter seen).", "Attending a court hearing as witness."],
    Attendance.CANCELLED: ["Cancelled by the YJS: worker off sick.", "Rearranged at the family's request."],
}
VICTIM_WISHES = [
    "Wants an apology letter",
    "Would like to meet the young person with a facilitator",
    "Wants no contact and to be kept informed of the outcome",
    "Wants the young person to pay for the damage",
    "Does not want to be contacted again",
    "Would like reparation to benefit the local community",
]
ORGANISATION_VICTIMS = ["Co-op store, Station Road", "Leeds City Council", "Northern Trains", "Village pharmacy"]
FLAG_NOTES = {
    FlagType.CHILD_CRIMINAL_EXPLOITATION: "Found with large sums of cash and two phones; county lines concern.",
    FlagType.CHILD_SEXUAL_EXPLOITATION: "Seen with older adults; NRM referral made.",
    FlagType.MAPPA: "MAPPA category 2, level 1.",
    FlagType.MISSING_EPISODES: "Three missing episodes in the last month.",
    FlagType.THREAT_TO_LIFE: "Osman warning served by the police.",
    FlagType.WEAPONS: "Knife found at home address.",
    FlagType.SELF_HARM: "Disclosed self-harm to the school nurse.",
    FlagType.GANG_ASSOCIATION: "Named in intelligence as associating with a local group.",
}
POLICE_FLAGS = {FlagType.THREAT_TO_LIFE, FlagType.WEAPONS, FlagType.GANG_ASSOCIATION, FlagType.MAPPA}
RISK_LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH, Level.VERY_HIGH]
REOFFENDING_LEVELS = [Level.LOW, Level.MEDIUM, Level.HIGH]
SIGNIFICANT_EVENTS = {
    ReviewTrigger.NEW_ARREST: "Arrested overnight (custody record)",
    ReviewTrigger.NEW_INTELLIGENCE: "Police intelligence: seen with known associates",
    ReviewTrigger.THREAT_TO_LIFE: "Threat-to-life notice served",
    ReviewTrigger.OTHER_SIGNIFICANT_EVENT: "Placement breakdown; moved to emergency accommodation",
}
# The flags that open a significant-event review (DESIGN.md §9).
FLAG_EVENTS = {
    ReviewTrigger.WEAPONS: "Weapons flag raised: knife found in his bag at school",
    ReviewTrigger.MISSING: "Missing from home for two nights",
    ReviewTrigger.EXPLOITATION: "Exploitation flag raised: found out of area with older males",
}


@dataclass
class Staff:
    """The demo users who own the records of each team."""

    case_worker: dict[str, User]
    countersigner: dict[str, User]
    police: User
    head: User
    teams: dict[str, Team]


@dataclass
class Batch:
    """The rows of some units, written table by table in dependency order."""

    children: list[Child] = field(default_factory=list)
    aliases: list[ChildAlias] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    offences: list[Offence] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    targets: list[PlanTarget] = field(default_factory=list)
    reviews: list[ReviewModel] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    victims: list[Victim] = field(default_factory=list)
    victim_details: list[VictimContactDetails] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    transfers: list[CaseTransfer] = field(default_factory=list)


def demo_children() -> models.QuerySet[Child]:
    return Child.objects.filter(police_local_ids__0__startswith=DEMO_ID_PREFIX)


def load_cases_demo(*, scale: int = 1, seed: int = 2026, today: date | None = None) -> str:
    """Add ``scale`` units of 300 synthetic children and their case records (those missing)."""
    today = today or timezone.localdate()
    staff = _staff()
    units_done = demo_children().count() // CHILDREN_PER_UNIT
    if units_done >= scale:
        return f"{units_done * CHILDREN_PER_UNIT} demo children already loaded"
    for first in range(units_done, scale, UNITS_PER_TRANSACTION):
        with transaction.atomic(), timestamps_as_given(_GIVEN_TIMESTAMPS):
            batch = Batch()
            for unit in range(first, min(first + UNITS_PER_TRANSACTION, scale)):
                UnitBuilder(batch, staff, unit=unit, seed=seed, today=today).build()
            _write(batch)
    added = (scale - units_done) * CHILDREN_PER_UNIT
    return f"{added} demo children added ({scale * CHILDREN_PER_UNIT} in all)"


def _staff() -> Staff:
    users = {user.username: user for user in User.objects.filter(username__in=_DEMO_USERNAMES)}
    missing = set(_DEMO_USERNAMES) - set(users)
    if missing:
        missing_names = ", ".join(sorted(missing))
        raise RuntimeError(f"Load the demo users first (yjs.demo.load_demo_users); missing: {missing_names}")
    teams = {team.slug: team for team in Team.objects.filter(slug__in=["north", "south"])}
    return Staff(
        case_worker={"north": users["caseworker"], "south": users["caseworker2"]},
        # The demo has no South manager: the head of service countersigns South's work.
        countersigner={"north": users["manager"], "south": users["head"]},
        police=users["police"],
        head=users["head"],
        teams=teams,
    )


_DEMO_USERNAMES = ["caseworker", "caseworker2", "manager", "police", "head"]

# Fields set automatically on save that demo rows give a past value instead.
_GIVEN_TIMESTAMPS = [
    (Case, "created_at"),
    (Plan, "written_at"),
    (Flag, "raised_at"),
    (Contact, "recorded_at"),
    (CaseTransfer, "requested_at"),
    (Transition, "decided_at"),
    (ReviewModel, "created_at"),
    (Victim, "created_at"),
]


@contextmanager
def timestamps_as_given(given: list[tuple[type[models.Model], str]]) -> Iterator[None]:
    """Demo rows keep the past values given for these (model, field) pairs that are otherwise
    set automatically on save (``auto_now_add``); every app's demo generator writes through this."""
    fields = [model._meta.get_field(name) for model, name in given]
    for model_field in fields:
        model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field in fields:
            model_field.auto_now_add = True


def _write(batch: Batch) -> None:
    _copy(Child, batch.children)
    _copy(ChildAlias, batch.aliases)
    aliases: dict[int, list[str]] = {}
    for alias in batch.aliases:
        aliases.setdefault(alias.child.pk, []).extend([alias.surname, alias.forenames])
    keys = (
        (child.pk, key)
        for child in batch.children
        for key in sorted(name_keys([child.surname, child.forenames, child.preferred_name, *aliases.get(child.pk, [])]))
    )
    _copy_values(ChildSearchKey, ["child_id", "key"], keys)
    for model, rows in [
        (Case, batch.cases),
        (Offence, batch.offences),
        (Assessment, batch.assessments),
        (Plan, batch.plans),
        (PlanTarget, batch.targets),
        (ReviewModel, batch.reviews),
        (Contact, batch.contacts),
        (Victim, batch.victims),
        (VictimContactDetails, batch.victim_details),
        (Flag, batch.flags),
        (Transition, batch.transitions),
        (CaseTransfer, batch.transfers),
    ]:
        _copy(model, rows)


def _copy(model: type[models.Model], rows: list[models.Model]) -> None:
    """``bulk_create`` through COPY, several times faster for 100,000s of rows. Ids are
    taken from the table's sequence first, so that rows made later can point at them."""
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = model._meta.concrete_fields
    relations = [field for field in fields if field.is_relation]
    stamped = {
        field.attname for field in fields if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, db.alias
            for field in relations:  # the parent's id, now that it has one
                parent = field.get_cached_value(row, None)
                if parent is not None:
                    setattr(row, field.attname, parent.pk)
    files = {field.attname for field in fields if isinstance(field, models.FileField)}
    documents = {field.attname for field in fields if isinstance(field, models.JSONField)}

    def value(row: models.Model, field: models.Field):
        if field.attname in stamped:
            return field.pre_save(row, True)
        if field.attname in files:  # the stored file's name
            return getattr(row, field.attname).name or ""
        if field.attname in documents:
            return json.dumps(getattr(row, field.attname), cls=field.encoder)
        return getattr(row, field.attname)

    values = ([value(row, field) for field in fields] for row in rows)
    _copy_values(model, [field.column for field in fields], values)


def _copy_values(model: type[models.Model], columns: list[str], values: Iterable[Sequence]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)


def _aware(day: date, rng: random.Random, hours: tuple[int, int] = (9, 17)) -> datetime:
    moment = time(rng.randint(hours[0], hours[1] - 1), rng.choice([0, 15, 30, 45]))
    return datetime.combine(day, moment, tzinfo=LONDON)


def pnc_id(year: int, serial: int) -> str:
    """A PNC ID (YY/NNNNNNNC) with its check letter."""
    number = int(f"{year % 100:02d}{serial:07d}")
    return f"{year % 100:02d}/{serial}{'ZABCDEFGHJKLMNPQRTUVWXY'[number % 23]}"


class UnitBuilder:
    """One unit: 300 children and everything recorded about them, from one seeded generator."""

    def __init__(self, batch: Batch, staff: Staff, *, unit: int, seed: int, today: date) -> None:
        self.batch, self.staff, self.unit, self.today = batch, staff, unit, today
        self.rng = random.Random(seed * 1_000_003 + unit)  # noqa: S311 (invented data, not secrets)
        self.due_dates: dict[date, date] = {}
        self.flag_events_left = list(FLAG_EVENTS)

    # --- children ---

    def build(self) -> None:
        rng = self.rng
        codes = list(ETHNICITY_WEIGHTS)
        weights = list(ETHNICITY_WEIGHTS.values())
        not_known = {i for i in range(CHILDREN_PER_UNIT) if i % 20 == 19}
        turning_18 = set(rng.sample(sorted(set(range(30, CHILDREN_PER_UNIT)) - not_known), 4))
        for i in range(CHILDREN_PER_UNIT):
            # The first 19 children of a unit cover every ethnicity code.
            ethnicity = codes[i] if i < len(codes) else rng.choices(codes, weights)[0]
            team = "north" if rng.random() < 0.5 else "south"
            child = self.child(i, ethnicity, team, turning_18=i in turning_18)
            if i in not_known:  # came from custody data: no case, not known to the YJS
                child.known_to_yjs = False
                continue
            if rng.random() < 0.2:
                self.case(child, team, current=False, slot=i)
            self.case(child, team, current=True, slot=i, turning_18=i in turning_18)
            if i < 8 or rng.random() < 0.2:
                self.flags(child, team, slot=i)

    def child(self, i: int, ethnicity: str, team: str, *, turning_18: bool) -> Child:
        rng, today = self.rng, self.today
        gender = rng.choices(["M", "F", "X"], [80, 18, 2])[0]
        surname, forenames = self.name(ethnicity, gender)
        if turning_18:
            dob = today - relativedelta(years=18) + timedelta(days=rng.randint(1, 85))
        else:
            youngest = today - relativedelta(years=10)
            oldest = today - relativedelta(years=18) + timedelta(days=1)
            # Most children worked with are 14–17.
            dob = oldest + timedelta(days=int((youngest - oldest).days * (rng.random() ** 1.6)))
        looked_after = rng.random() < 0.15
        send = rng.random() < 0.3
        index = self.unit * CHILDREN_PER_UNIT + i
        child = Child(
            surname=surname,
            forenames=forenames,
            preferred_name=NICKNAMES.get(forenames.split()[0], "") if rng.random() < 0.5 else "",
            date_of_birth=dob,
            gender=gender,
            ethnicity=ethnicity,
            address=f"{rng.randint(1, 180)} {rng.choice(STREETS)}, Leeds",
            postcode=self.postcode(team),
            home_local_authority=HOME_AUTHORITY if rng.random() < 0.9 else rng.choice(NEIGHBOURING_AUTHORITIES),
            pnc_id=pnc_id(today.year - rng.randint(0, 3), 500_000 + index) if rng.random() < 0.6 else "",
            police_local_ids=[f"{DEMO_ID_PREFIX}{index:07d}"],
            looked_after=looked_after,
            education_status=rng.choices(list(EducationStatus.values), [50, 12, 3, 10, 5, 2, 10, 5, 3])[0],
            special_educational_needs=send,
            education_health_care_plan=send and rng.random() < 0.4,
        )
        if looked_after:
            worker_first, worker_last = rng.choice(ADULT_FIRST_NAMES), rng.choice(ADULT_SURNAMES)
            authority = HOME_AUTHORITY if rng.random() < 0.7 else rng.choice(NEIGHBOURING_AUTHORITIES)
            child.responsible_local_authority = authority
            child.social_worker_name = f"{worker_first} {worker_last}"
            child.social_worker_email = (
                f"{worker_first}.{worker_last}@childrens-services.{authority.lower().replace(' ', '-')}.example"
            ).lower()
            child.social_worker_phone = f"0113 496 0{rng.randint(0, 999):03d}"
        self.batch.children.append(child)
        if rng.random() < 0.08:
            self.alias(child, ethnicity, gender)
        return child

    def name(self, ethnicity: str, gender: str) -> tuple[str, str]:
        rng = self.rng
        pools = POOLS[ethnicity]
        if ethnicity == Ethnicity.NOT_STATED:
            pools = (rng.choice(pools),)
        elif len(pools) > 2:  # a mixed background: British and one other
            pools = (pools[0], rng.choice(pools[1:]))
        surname = self.surname(rng.choice(pools), gender)
        if rng.random() < 0.05:  # double-barrelled
            other = self.surname(rng.choice(pools[1:] or (BRITISH,)), gender)
            if other != surname:
                surname = f"{surname}-{other}"
        forename_pool = rng.choice(pools)
        boys_or_girls = gender == "M" or (gender == "X" and rng.random() < 0.5)
        first = rng.choice(forename_pool.boys if boys_or_girls else forename_pool.girls)
        forenames = first
        if rng.random() < 0.45:
            middle = rng.choice(rng.choice(pools).boys if boys_or_girls else rng.choice(pools).girls)
            if middle != first:
                forenames = f"{first} {middle}"
        return surname, forenames

    def surname(self, pool: NamePool, gender: str) -> str:
        if not pool.surnames:
            return self.rng.choices(BRITISH_SURNAMES, BRITISH_SURNAME_WEIGHTS)[0]
        surname = self.rng.choice(pool.surnames)
        if isinstance(surname, tuple):
            return surname[1] if gender == "F" else surname[0]
        return surname

    def alias(self, child: Child, ethnicity: str, gender: str) -> None:
        rng = self.rng
        first = child.forenames.split()[0]
        kind = rng.random()
        if first in ALIAS_SPELLINGS:
            alias = ChildAlias(child=child, surname=child.surname, forenames=ALIAS_SPELLINGS[first])
        elif kind < 0.6:  # a step-parent's or the other parent's surname
            alias = ChildAlias(child=child, surname=self.surname(rng.choice(POOLS[ethnicity]), gender), forenames=first)
        else:  # a street name
            alias = ChildAlias(child=child, surname=child.surname, forenames=rng.choice(["Lil", "Kid", "Bigz", "Tiny"]))
        self.batch.aliases.append(alias)

    def postcode(self, team: str) -> str:
        rng = self.rng
        district = rng.choice(POSTCODE_DISTRICTS[team])
        return f"{district} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"

    # --- cases ---

    def case(self, child: Child, team: str, *, current: bool, slot: int, turning_18: bool = False) -> None:
        rng, today = self.rng, self.today
        case_type = rng.choices(list(CASE_TYPE_WEIGHTS), list(CASE_TYPE_WEIGHTS.values()))[0]
        if turning_18 and case_type not in ORDER_MONTHS:
            case_type = CaseType.YOUTH_REHABILITATION_ORDER
        tenth_birthday = child.date_of_birth + relativedelta(years=10)
        if current:
            is_open = turning_18 or slot < 12 or rng.random() < 0.7
            start = today - timedelta(days=rng.randint(3, 400 if is_open else 700))
        else:
            is_open = False
            start = today - timedelta(days=rng.randint(500, 1400))
        start = max(start, tenth_birthday + timedelta(days=30))
        if not is_open and start > today - timedelta(days=40):
            start = today - timedelta(days=40)
        start = max(start, tenth_birthday)
        months = ORDER_MONTHS.get(case_type)
        order_end = start + relativedelta(months=rng.randint(*months)) if months else None
        allocated = None
        if is_open and rng.random() < 0.3:
            allocated = self.staff.case_worker[team]
        restricted = rng.random() < 0.05 or slot in (1, 2)
        if slot == 1:  # one restricted case each unit the demo case worker sees, one they do not
            allocated = self.staff.case_worker[team]
        case = Case(
            child=child,
            case_type=case_type,
            status=CaseStatus.OPEN if is_open else CaseStatus.CLOSED,
            team=self.staff.teams[team],
            allocated_to=allocated,
            restricted=restricted,
            start_date=start,
            order_end_date=order_end,
            created_by=self.staff.case_worker[team],
            created_at=_aware(start, rng),
        )
        if not is_open:
            length = (order_end - start).days if order_end else rng.randint(40, 200)
            case.end_date = min(start + timedelta(days=max(length, 30)), today - timedelta(days=1))
            reasons = CLOSURE_REASONS.get(case_type, ORDER_CLOSURE_REASONS)
            case.closure_reason = rng.choice(reasons)
        self.batch.cases.append(case)
        if current and slot in (5, 6) and is_open and start < today - timedelta(days=60):
            self.transfer(case, accepted=slot == 5)  # closes the case when accepted
        if case_type != CaseType.PREVENTION:
            self.offences(case)
        assessment = self.assessments(case, team, slot)
        if assessment is not None and assessment.completed_date:
            self.plan(case, team, assessment)
        self.reviews(case, team, slot)
        self.contacts(case, team)
        if case_type != CaseType.PREVENTION and rng.random() < 0.4:
            self.victims(case)
        if is_open and turning_18 and slot % 2 == 0:
            self.batch.transitions.append(
                Transition(
                    case=case,
                    decision=rng.choice(TransitionDecision.values),
                    reason=rng.choice(
                        [
                            "Order has more than six months to run; transfer to the Probation Service.",
                            "Order ends within weeks of the eighteenth birthday; retain to keep the relationship.",
                        ]
                    ),
                    decided_by=self.staff.countersigner[team],
                    decided_at=_aware(today - timedelta(days=rng.randint(1, 20)), rng),
                )
            )

    def offences(self, case: Case) -> None:
        rng = self.rng
        for _ in range(rng.choices([1, 2, 3], [70, 22, 8])[0]):
            description, group, score = rng.choice(OFFENCES)
            outcome = rng.choice(OUTCOMES[case.case_type])
            departs = case.case_type == CaseType.DIVERSION and score >= 4
            self.batch.offences.append(
                Offence(
                    case=case,
                    offence_date=case.start_date - timedelta(days=rng.randint(7, 90)),
                    description=description,
                    offence_group=group,
                    gravity_score=score,
                    outcome=outcome,
                    departure_reason="First offence, admitted at once; joint panel decision." if departs else "",
                )
            )

    def due_date(self, start: date) -> date:
        if start not in self.due_dates:
            self.due_dates[start] = add_working_days(start, settings.ASSESSMENT_DUE_WORKING_DAYS)
        return self.due_dates[start]

    def assessments(self, case: Case, team: str, slot: int) -> Assessment | None:
        rng, today = self.rng, self.today
        kind = {CaseType.DIVERSION: AssessmentType.DIVERSION, CaseType.PREVENTION: AssessmentType.PREVENTION}.get(
            case.case_type, AssessmentType.ASSET_PLUS
        )
        due = self.due_date(case.start_date)
        assessment = Assessment(case=case, assessment_type=kind, due_date=due)
        # The first children of each unit cover every level of every rating.
        rosh = RISK_LEVELS[slot % 4] if slot < 8 else rng.choices(RISK_LEVELS, [40, 35, 20, 5])[0]
        safety = RISK_LEVELS[(slot + 1) % 4] if slot < 8 else rng.choices(RISK_LEVELS, [30, 40, 22, 8])[0]
        reoffending = REOFFENDING_LEVELS[slot % 3] if slot < 8 else rng.choices(REOFFENDING_LEVELS, [35, 45, 20])[0]
        if due >= today:
            state = "in_progress" if rng.random() < 0.7 else "on_time"
        elif case.status == CaseStatus.OPEN and rng.random() < 0.12:
            state = "overdue"
        else:
            state = rng.choices(["on_time", "late"], [80, 20])[0]
        if state in ("on_time", "late"):
            if state == "on_time":
                completed = due - timedelta(days=rng.randint(0, 8))
            else:
                completed = due + timedelta(days=rng.randint(1, 25))
            completed = min(max(completed, case.start_date), today)
            if case.end_date:
                completed = min(completed, case.end_date)
            assessment.completed_date = completed
            assessment.completed_by = self.staff.case_worker[case.team.slug]
            assessment.likelihood_of_reoffending = reoffending
            assessment.risk_of_serious_harm = rosh
            assessment.safety_and_wellbeing = safety
            assessment.child_view = rng.choice(
                [
                    "Says he wants to stay out of trouble and get back into college.",
                    "Feels the police pick on her and her friends.",
                    "Wants to move out of the area and away from older lads.",
                    "Says she was scared and did not know how to say no.",
                ]
            )
            assessment.self_assessment_captured = rng.random() < 0.75
            assessment.trauma_noted = rng.random() < 0.55
            assessment.social_media_component = rng.random() < 0.2
            assessment.summary = "Analysis of offending, desistance factors, safety and risk to others."
            # Recently completed work may still await countersignature.
            if case.status == CaseStatus.OPEN and (completed > today - timedelta(days=21) or rng.random() < 0.1):
                pass
            else:
                signed_on = min(completed + timedelta(days=rng.randint(0, 6)), today)
                assessment.countersigned_by = self.staff.countersigner[team]
                assessment.countersigned_at = _aware(signed_on, rng)
        elif state == "in_progress" and rng.random() < 0.5:
            assessment.risk_of_serious_harm = rosh
        self.batch.assessments.append(assessment)
        return assessment

    def plan(self, case: Case, team: str, assessment: Assessment) -> None:
        rng = self.rng
        written = assessment.completed_date + timedelta(days=rng.randint(0, 5))
        high = assessment.risk_of_serious_harm in (Level.HIGH, Level.VERY_HIGH)
        plan = Plan(
            case=case,
            assessment=assessment,
            external_controls="Curfew 7pm–7am with electronic monitoring; exclusion zone." if high else "",
            contingency=(
                "If he is missing or breaches the exclusion zone: call police, inform the manager, "
                "convene a risk management meeting within 2 working days."
                if high
                else "If she misses two sessions, home visit within 48 hours and contact with carers."
            ),
            risk_meeting_decisions="Risk management meeting agreed daily contact for two weeks." if high else "",
            written_by=self.staff.case_worker[team],
            written_at=_aware(min(written, self.today), rng),
        )
        if assessment.countersigned_at:
            plan.countersigned_by = assessment.countersigned_by
            plan.countersigned_at = assessment.countersigned_at + timedelta(hours=1)
        self.batch.plans.append(plan)
        for what, who, how in rng.sample(TARGETS, rng.randint(2, 4)):
            by_when = written + timedelta(days=rng.randint(14, 120))
            achieved = by_when if by_when < self.today and rng.random() < 0.5 else None
            self.batch.targets.append(
                PlanTarget(plan=plan, what=what, who=who, by_when=by_when, how_i_will_know=how, achieved_at=achieved)
            )

    def reviews(self, case: Case, team: str, slot: int) -> None:
        rng, today = self.rng, self.today
        worker = self.staff.case_worker[team]
        last = case.end_date or today
        review_day = case.start_date + relativedelta(months=3)
        while review_day <= last - timedelta(days=1):
            self.batch.reviews.append(
                ReviewModel(
                    case=case,
                    trigger=ReviewTrigger.SCHEDULED,
                    due_date=review_day,
                    completed_date=review_day - timedelta(days=rng.randint(0, 5)),
                    completed_by=worker,
                    outcome=rng.choice(["Risk unchanged; plan continues.", "Risk reduced; contact reduced to weekly."]),
                    created_at=_aware(review_day - relativedelta(months=3), rng),
                )
            )
            review_day += relativedelta(months=3)
        if case.status != CaseStatus.OPEN:
            return
        # The next scheduled review; some are due within a fortnight, a few are overdue.
        self.batch.reviews.append(
            ReviewModel(
                case=case,
                trigger=ReviewTrigger.SCHEDULED,
                due_date=review_day if rng.random() < 0.8 else today - timedelta(days=rng.randint(1, 10)),
                created_at=_aware(max(case.start_date, review_day - relativedelta(months=3)), rng),
            )
        )
        if slot < 4 or rng.random() < 0.06:
            trigger = list(SIGNIFICANT_EVENTS)[slot % 4] if slot < 4 else rng.choice(list(SIGNIFICANT_EVENTS))
            happened = max(today - timedelta(days=rng.randint(0, 9)), case.start_date)
            self._significant_review(case, trigger, happened, created_at=_aware(happened, rng, hours=(6, 9)))
        elif self.flag_events_left:
            # The flags' significant events (weapons, missing, exploitation) on the next open cases,
            # drawing nothing from ``rng``, so the rest of the demo stays as it was before them.
            happened = max(today - timedelta(days=len(self.flag_events_left)), case.start_date)
            created_at = timezone.make_aware(datetime.combine(happened, time(7)), LONDON)
            self._significant_review(case, self.flag_events_left.pop(0), happened, created_at=created_at, flag=True)

    def _significant_review(
        self, case: Case, trigger: str, happened: date, *, created_at: datetime, flag: bool = False
    ) -> None:
        self.batch.reviews.append(
            ReviewModel(
                case=case,
                trigger=trigger,
                trigger_detail=(FLAG_EVENTS if flag else SIGNIFICANT_EVENTS)[trigger],
                due_date=add_working_days(happened, settings.SIGNIFICANT_EVENT_REVIEW_WORKING_DAYS),
                created_at=created_at,
            )
        )

    def contacts(self, case: Case, team: str) -> None:
        rng, today = self.rng, self.today
        worker = self.staff.case_worker[team]
        last = case.end_date or today
        span = max((last - case.start_date).days, 1)
        misses = 0
        for _ in range(rng.randint(2, 8)):
            day = case.start_date + timedelta(days=rng.randint(0, span))
            attendance = rng.choices(list(CONTACT_NOTES), [75, 14, 6, 5])[0]
            step = EnforcementStep.NONE
            if attendance == Attendance.DID_NOT_ATTEND:
                misses += 1
                steps = [EnforcementStep.WARNING, EnforcementStep.RE_ENGAGEMENT_MEETING]
                if case.case_type in ORDER_MONTHS:
                    steps.append(EnforcementStep.BREACH)
                step = steps[min(misses, len(steps)) - 1]
            contact_type = rng.choices(list(ContactType.values), [35, 30, 20, 5, 10])[0]
            self.batch.contacts.append(
                Contact(
                    case=case,
                    contact_type=contact_type,
                    scheduled_at=_aware(day, rng),
                    attendance=attendance,
                    enforcement_step=step,
                    notes=rng.choice(CONTACT_NOTES[attendance]),
                    recorded_by=worker,
                    recorded_at=_aware(min(day + timedelta(days=1), today), rng),
                )
            )
        if case.status == CaseStatus.OPEN:  # the next appointment, not yet happened
            self.batch.contacts.append(
                Contact(
                    case=case,
                    contact_type=ContactType.OFFICE,
                    scheduled_at=_aware(today + timedelta(days=rng.randint(1, 14)), rng),
                    recorded_by=worker,
                    recorded_at=_aware(today, rng),
                )
            )

    def victims(self, case: Case) -> None:
        rng = self.rng
        for letter in "AB"[: rng.choices([1, 2], [80, 20])[0]]:
            organisation = rng.random() < 0.15
            contacted = case.start_date - timedelta(days=rng.randint(1, 10))
            victim = Victim(
                case=case,
                display_name=rng.choice(ORGANISATION_VICTIMS) if organisation else f"Victim {letter}",
                is_organisation=organisation,
                consent_to_share=rng.random() < 0.6,
                contacted_before_decision_at=_aware(contacted, rng) if rng.random() < 0.8 else None,
                informed_of_outcome_at=_aware(case.end_date, rng) if case.end_date and rng.random() < 0.8 else None,
                wishes=rng.choice(VICTIM_WISHES),
                restorative_justice=rng.choice(["", "offered", "declined", "took_part"]),
                at_continuing_risk=rng.random() < 0.08,
                created_at=_aware(contacted, rng),
            )
            self.batch.victims.append(victim)
            first, last = rng.choice(ADULT_FIRST_NAMES), rng.choice(ADULT_SURNAMES)
            self.batch.victim_details.append(
                VictimContactDetails(
                    victim=victim,
                    full_name=victim.display_name if organisation else f"{first} {last}",
                    address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Leeds {self.postcode('north')}",
                    phone=f"07700 900{rng.randint(0, 999):03d}",
                    email=f"{first}.{last}@example.org".lower(),
                    preferred_contact=rng.choice(["Phone, evenings", "Email", "Letter", "Through the police OIC"]),
                )
            )

    def flags(self, child: Child, team: str, *, slot: int) -> None:
        rng, today = self.rng, self.today
        types = list(FlagType.values)
        chosen = [types[slot]] if slot < len(types) else rng.sample(types, rng.choices([1, 2], [75, 25])[0])
        for flag_type in chosen:
            raised_by = self.staff.police if flag_type in POLICE_FLAGS else self.staff.case_worker[team]
            raised_on = today - timedelta(days=rng.randint(1, 500))
            flag = Flag(
                child=child,
                flag_type=flag_type,
                note=FLAG_NOTES[flag_type],
                raised_by=raised_by,
                raised_at=_aware(raised_on, rng),
            )
            if rng.random() < 0.15:
                flag.removed_by = raised_by
                flag.removed_at = _aware(min(raised_on + timedelta(days=rng.randint(30, 200)), today), rng)
                flag.removal_reason = "Reviewed at the risk management meeting: no longer current."
            self.batch.flags.append(flag)

    def transfer(self, case: Case, *, accepted: bool) -> None:
        rng, today = self.rng, self.today
        requested = today - timedelta(days=rng.randint(10, 40))
        host = rng.choice(HOST_SERVICES)
        transfer = CaseTransfer(
            case=case,
            home_service="Leeds YJS",
            host_service=host,
            reason=rng.choice(["Family moved to the area", "Looked-after child placed with foster carers out of area"]),
            requested_by=self.staff.countersigner[case.team.slug],
            requested_at=_aware(requested, rng),
        )
        if accepted:
            transfer.accepted_on = requested + timedelta(days=rng.randint(2, 9))
            transfer.accepted_by_name = f"{rng.choice(ADULT_FIRST_NAMES)} {rng.choice(ADULT_SURNAMES)}, {host}"
            case.status = CaseStatus.TRANSFERRED
            case.end_date = transfer.accepted_on
            case.closure_reason = f"Transferred to {host}"
        self.batch.transfers.append(transfer)


# --- Caseloads at scale (benchmarks) --------------------------------------------------------------

CASELOAD = 25  # open cases a case worker holds in the large data set
COLLEAGUES_PER_TEAM = 19


def spread_caseloads(*, caseload: int = CASELOAD, colleagues: int = COLLEAGUES_PER_TEAM) -> str:
    """At scale every open case of a team would be the demo case worker's (9,000 at 300 units): give
    them ``caseload`` of them, ``colleagues`` synthetic case workers of the team as many each, and
    leave the rest unallocated, as a service with more children than staff would. The colleagues
    cannot sign in (no password). Safe to run again."""
    from django.contrib.auth.models import Group

    from yjs.roles import Role

    staff = _staff()
    case_worker_group = Group.objects.get(name=Role.CASE_WORKER)
    moved = 0
    for slug, worker in staff.case_worker.items():
        open_cases = list(
            Case.objects.filter(allocated_to=worker, status=CaseStatus.OPEN).order_by("id").values_list("id", flat=True)
        )
        if len(open_cases) <= caseload:
            continue
        rng = random.Random(f"caseloads-{slug}")  # noqa: S311 (invented data, not secrets)
        names = [f"{slug}-worker-{number:02d}" for number in range(1, colleagues + 1)]
        existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        made = []
        for name in names:
            if name not in existing:
                user = User(
                    username=name,
                    first_name=rng.choice(ADULT_FIRST_NAMES),
                    last_name=rng.choice(ADULT_SURNAMES),
                    email=f"{name}@yjs.example",
                )
                user.set_unusable_password()
                made.append(user)
        User.objects.bulk_create(made)
        team_workers = list(User.objects.filter(username__in=names).order_by("username"))
        for user in team_workers:
            user.groups.add(case_worker_group)
            user.teams.add(staff.teams[slug])
        rest = open_cases[caseload:]
        for number, user in enumerate(team_workers):
            Case.objects.filter(pk__in=rest[number * caseload : (number + 1) * caseload]).update(allocated_to=user)
        Case.objects.filter(pk__in=rest[len(team_workers) * caseload :]).update(allocated_to=None)
        moved += len(rest)
    if not moved:
        return "caseloads already spread"
    refresh_planner_statistics("cases_case")  # who holds which cases has changed for the planner too
    return f"caseloads spread: {moved:,} open cases reallocated or left unallocated ({caseload} a worker)"


# --- Oversight: work a manager returned (DESIGN.md §9) -----------------------------------------------

RETURN_FEEDBACK = [
    "The risk of serious harm is rated low but the summary describes carrying a knife: explain the rating "
    "or change it.",
    "The child's own view is missing. Add it in their words before I countersign.",
]


def load_returned_work_demo() -> str:
    """North's manager returns some of the case worker's work with feedback, through the services: two
    assessments and a plan await resubmission, and one assessment went round the whole loop (returned,
    resubmitted, countersigned), so the worker's list, the case pages and the figures have them."""
    if Returned.objects.exists():
        return "returned work already there"
    users = {user.username: user for user in User.objects.filter(username__in=["caseworker", "manager"])}
    worker, manager = users.get("caseworker"), users.get("manager")
    if worker is None or manager is None:
        return "no returned work: the demo users are missing"
    waiting = Assessment.objects.filter(
        case__team__slug="north",
        case__status=CaseStatus.OPEN,
        completed_by=worker,
        completed_date__isnull=False,
        countersigned_at__isnull=True,
    ).order_by("pk")
    picked = list(waiting[:3])
    today = timezone.localdate()
    with transaction.atomic():
        for assessment, feedback in zip(picked, [*RETURN_FEEDBACK, RETURN_FEEDBACK[0]], strict=False):
            services.assessment_return(assessment=assessment, by=manager, feedback=feedback)
        if len(picked) == 3:
            looped = picked[2]
            services.assessment_record(assessment=looped, by=worker, completed_date=today, summary=looped.summary)
            services.assessment_countersign(assessment=looped, by=manager)
        plan = (
            Plan.objects.filter(
                case__team__slug="north", case__status=CaseStatus.OPEN, written_by=worker, countersigned_at__isnull=True
            )
            .order_by("pk")
            .first()
        )
        if plan is not None:
            services.plan_return(
                plan=plan,
                by=manager,
                feedback="The contingency must say who does what, and by when, if the risk rises.",
            )
    return f"{len(picked)} assessments and {1 if plan else 0} plan returned with feedback"


# --- Registered with yjs.demo: first, since every other app's data is about these children ---------

register_demo_step("cases", order=10, load=lambda scale: load_cases_demo(scale=scale))
register_demo_step("cases-oversight", order=12, load=lambda scale: load_returned_work_demo())
register_data_set_step(
    "cases",
    order=10,
    load=lambda scale: load_cases_demo(scale=scale),
    counts={"children": "cases.Child", "cases": "cases.Case"},
)
register_data_set_step("caseloads", order=11, load=lambda scale: spread_caseloads())
