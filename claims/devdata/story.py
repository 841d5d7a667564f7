"""The story the demo tells: the Middle East Eye article of 1 October 2015 on
the Russian airstrike in northern Homs, and what a journalist records from
it (speakers with their names in their own scripts, claims and the exact
passages they are quoted from, figures, relations, the dispute, evidence and
the verdict), with the demo accounts. Data only: ``claims.devdata.demo``
loads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from claims.models import (
    Claim,
    ClaimRelation,
    Speaker,
)

ARTICLE_PATH = Path(__file__).resolve().parent / "homs-airstrike-2015.txt"

# Published on purpose: these accounts exist only on development databases
# (the loader refuses to run with DEBUG off). Set only when an account is
# created, so a password someone changed is never reset.
JOURNALIST_USERNAME = "journalist"
JOURNALIST_PASSWORD = "counterclaim-journalist"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "counterclaim-editor"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "counterclaim-admin"

# Fixed moments, so that two databases loaded on different days hold the same
# demo, and so the story reads plausibly: published the morning after the
# article, reviewed that day.
PUBLISHED_AT = dt.datetime(2015, 10, 2, 9, 0, tzinfo=dt.UTC)
VERDICT_SUBMITTED_AT = dt.datetime(2015, 10, 2, 10, 0, tzinfo=dt.UTC)
VERDICT_DECIDED_AT = dt.datetime(2015, 10, 2, 11, 30, tzinfo=dt.UTC)

WEDNESDAY = dt.date(2015, 9, 30)  # the strikes, Khoja's interview, Putin's remarks
THURSDAY = dt.date(2015, 10, 1)  # Lavrov's denial, the Kremlin statement, the article


# --- What the journalist records ------------------------------------------------


@dataclass(frozen=True)
class SpeakerSpec:
    name: str
    kind: str
    description: str
    wikidata_id: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureSpec:
    counted: str
    value: Decimal
    # The exact passage that states the number, one of the claim's quotes;
    # None where the article states no such number (Russia's "none" is read
    # from a denial, not from a number in the text).
    quote: str | None


@dataclass(frozen=True)
class ClaimSpec:
    key: str
    speaker: str
    text: str
    stance: str
    speaker_role: str = ""
    venue: str = ""
    claimed_on: dt.date | None = None
    quotes: tuple[str, ...] = ()
    figures: tuple[FigureSpec, ...] = ()


SOURCE_TITLE = "Russia airstrike on Homs kills 36 civilians: Syria opposition"
SOURCE_OUTLET = "Middle East Eye"
SOURCE_PUBLISHED_ON = THURSDAY

KHOJA = "Khaled Khoja"
LAVROV = "Sergei Lavrov"
KREMLIN = "Kremlin"
COALITION = "Syrian National Coalition"
PUTIN = "Vladimir Putin"
US_OFFICIALS = "US officials"

# Each speaker also goes by their name in their own script and, for the
# Russians, as the Arabic press writes it, so that the workspace finds them
# however a journalist types them ("лавров", "خوجة").
SPEAKERS: tuple[SpeakerSpec, ...] = (
    SpeakerSpec(
        KHOJA,
        Speaker.Kind.PERSON,
        "Syrian opposition politician; president of the Syrian National Coalition in 2015.",
        aliases=("خالد خوجة",),
    ),
    SpeakerSpec(
        LAVROV,
        Speaker.Kind.PERSON,
        "Russian diplomat; Minister of Foreign Affairs of Russia since 2004.",
        wikidata_id="Q80137",
        aliases=("Сергей Лавров", "Sergey Lavrov", "سيرغي لافروف"),
    ),
    SpeakerSpec(
        KREMLIN,
        Speaker.Kind.GOVERNMENT,
        "The Russian presidency and its administration, speaking through official statements.",
        aliases=("the Kremlin", "Кремль", "الكرملين"),
    ),
    SpeakerSpec(
        COALITION,
        Speaker.Kind.POLITICAL,
        "The National Coalition for Syrian Revolutionary and Opposition Forces, "
        "Syria's main opposition group in exile.",
        aliases=(
            "National Coalition for Syrian Revolutionary and Opposition Forces",
            "National Coalition",
            "Syrian Coalition",
            "الائتلاف الوطني السوري",
            "الائتلاف الوطني لقوى الثورة والمعارضة السورية",
        ),
    ),
    SpeakerSpec(
        PUTIN,
        Speaker.Kind.PERSON,
        "President of Russia.",
        wikidata_id="Q7747",
        aliases=("Владимир Путин", "فلاديمير بوتين"),
    ),
    SpeakerSpec(
        US_OFFICIALS,
        Speaker.Kind.ANONYMOUS,
        "Unnamed United States officials, reported collectively as “the Americans”.",
    ),
)

# Passages of the article, exactly as they occur in the file (straight quote
# marks; the file's only typographic characters are a few no-break spaces and
# one ’, none of them inside these passages).
KHOJA_QUOTE_36 = "The Russians struck northern Homs today and killed 36 innocent people"
KHOJA_QUOTE_ALL_CIVILIANS = "All of the casualties were civilians"
KHOJA_QUOTE_LEAD = (
    "A Russian airstrike killed 36 civilians, including five children, in the central Syrian "
    "province of Homs on Wednesday, the head of Syria's main opposition group said"
)
LAVROV_QUOTE = 'the allegations were "completely untrue"'
KREMLIN_QUOTE = (
    'the strikes had targeted "a known list of terrorist organisations agreed upon with the Syrian '
    'government,"'
)
COALITION_QUOTE = 'It also mentioned reports that Russia was "in preparation for a ground operation"'
PUTIN_QUOTE = "This will be air support without any participation in the ground operations"
US_OFFICIALS_QUOTE = (
    "Americans complained that the US-led coalition had only been given a heads-up by a Russian "
    "general in Baghdad one hour before the bombing began"
)
NAMES_SENTENCE = (
    "The opposition had received the names of all 36 victims, including five children from Homs, "
    "and were waiting detailed reports from elsewhere after a total of 20 strikes were carried out, "
    "Khoja said."
)

CIVILIANS_KILLED = "civilians killed"
CHILDREN_KILLED = "children killed"

CLAIMS: tuple[ClaimSpec, ...] = (
    ClaimSpec(
        key="khoja",
        speaker=KHOJA,
        text=(
            "A Russian airstrike in northern Homs killed 36 civilians, including five children, "
            "and all of the casualties were civilians."
        ),
        stance=Claim.DisputeStance.AFFIRMS,
        speaker_role="head of the Syrian National Coalition",
        venue="interview with AFP, New York",
        claimed_on=WEDNESDAY,
        quotes=(KHOJA_QUOTE_LEAD, KHOJA_QUOTE_36, KHOJA_QUOTE_ALL_CIVILIANS),
        figures=(
            FigureSpec(CIVILIANS_KILLED, Decimal(36), KHOJA_QUOTE_36),
            FigureSpec(CHILDREN_KILLED, Decimal(5), KHOJA_QUOTE_LEAD),
        ),
    ),
    ClaimSpec(
        key="lavrov",
        speaker=LAVROV,
        text="The allegations that Russian strikes in Syria killed civilians are “completely untrue”.",
        stance=Claim.DisputeStance.DENIES,
        speaker_role="Russian Foreign Minister",
        venue="remarks on Thursday morning",
        claimed_on=THURSDAY,
        quotes=(LAVROV_QUOTE,),
        figures=(FigureSpec(CIVILIANS_KILLED, Decimal(0), None),),
    ),
    ClaimSpec(
        key="kremlin",
        speaker=KREMLIN,
        text=(
            "Russia's strikes in Syria targeted “a known list of terrorist organisations agreed upon "
            "with the Syrian government”."
        ),
        stance=Claim.DisputeStance.DENIES,
        venue="statement",
        claimed_on=THURSDAY,
        quotes=(KREMLIN_QUOTE,),
    ),
    ClaimSpec(
        key="coalition",
        speaker=COALITION,
        text="Russia is “in preparation for a ground operation” in Syria.",
        stance=Claim.DisputeStance.OTHER,
        venue="statement",
        claimed_on=WEDNESDAY,
        quotes=(COALITION_QUOTE,),
    ),
    ClaimSpec(
        key="putin",
        speaker=PUTIN,
        text=(
            "Russia's intervention in Syria will be air support “without any participation in the "
            "ground operations”."
        ),
        stance=Claim.DisputeStance.OTHER,
        speaker_role="President of Russia",
        venue="remarks on Wednesday",
        claimed_on=WEDNESDAY,
        quotes=(PUTIN_QUOTE,),
    ),
    ClaimSpec(
        key="us_officials",
        speaker=US_OFFICIALS,
        text=(
            "The US-led coalition was given a heads-up by a Russian general in Baghdad only one hour "
            "before the Russian bombing began."
        ),
        stance=Claim.DisputeStance.OTHER,
        claimed_on=WEDNESDAY,
        quotes=(US_OFFICIALS_QUOTE,),
    ),
)

# (from claim, kind, to claim, note)
RELATIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "lavrov",
        ClaimRelation.Kind.CONTRADICTS,
        "khoja",
        "Lavrov called the allegations “completely untrue” the morning after Khoja said "
        "the strike had killed 36 civilians.",
    ),
    (
        "putin",
        ClaimRelation.Kind.CONTRADICTS,
        "coalition",
        "Putin ruled out Russian participation in ground operations; the Coalition's statement "
        "said Russia was preparing one.",
    ),
    (
        "kremlin",
        ClaimRelation.Kind.SUPPORTS,
        "lavrov",
        "The Kremlin's account of what was targeted backs Lavrov's denial.",
    ),
)

DISPUTE_QUESTION = "Did the Russian strikes in northern Homs on 30 September 2015 kill civilians?"
DISPUTE_PLACE = "Northern Homs province, Syria"
DISPUTE_SUMMARY = (
    "Syria's main opposition group said a Russian airstrike in northern Homs on 30 September 2015, "
    "the first day of Russia's air campaign, killed 36 civilians, including five children. "
    "Russia called the allegations “completely untrue” and said its strikes targeted a list of "
    "terrorist organisations agreed upon with the Syrian government."
)

NAMES_EVIDENCE_TITLE = "Names of all 36 victims received by the opposition"
NAMES_EVIDENCE_DESCRIPTION = (
    f"<p>Middle East Eye reports: <q>{NAMES_SENTENCE}</q> "
    "The names themselves are not given in the article.</p>"
)
KREMLIN_EVIDENCE_TITLE = "Kremlin statement on the targets of the strikes"
KREMLIN_EVIDENCE_DESCRIPTION = (
    "<p>Reported in the article: the Kremlin said the strikes had targeted <q>a known list of "
    "terrorist organisations agreed upon with the Syrian government</q>. The statement does not "
    "address civilian casualties directly.</p>"
)

VERDICT_RATING_SLUG = "unproven"
VERDICT_RATIONALE = (
    "<p>The toll of 36 civilians, including five children, comes from the Syrian opposition: "
    "Khaled Khoja said the opposition had received the names of all 36 victims. The article "
    "reports that count without independent confirmation, and Russia denies that its strikes "
    "hit civilians.</p>"
    "<p>Until the names, or other evidence from the ground, can be checked independently, the "
    "evidence available can neither prove nor disprove the claim.</p>"
)
