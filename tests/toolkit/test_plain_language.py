"""The worksheets and recommendations read plainly, in both languages, by a measure.

Every question `text` and `help` of content/worksheets/*.yaml and every recommendation `title`
and `text` of content/recommendations.yaml with 12 or more words is measured: in English by the
Flesch-Kincaid grade (each at grade 9 or below, their median at grade 7 or below), in Spanish by
the Fernández-Huerta score (each at 60 or above: "normal" or easier on its scale). Shorter texts
are left out: the formulas mean little on a few words. A failure names each text over the line
(file, key, field and score): rewrite it in short sentences, one idea each, keeping its meaning;
never drop a safeguard or a legal reference to pass. Questions stay questions.

textstat is pinned at 0.7.3 (pyproject.toml): it counts syllables with pyphen, offline, and a
newer release could score the same text differently.
"""

import re
import statistics
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns that it is deprecated.
    warnings.simplefilter("ignore")
    import textstat

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MIN_WORDS = 12
MAX_GRADE = 9
MAX_MEDIAN_GRADE = 7
MIN_FERNANDEZ_HUERTA = 60


@dataclass(frozen=True)
class Text:
    file: str
    key: str
    field: str
    en: str
    es: str

    def __str__(self) -> str:
        return f"{self.file} {self.key} {self.field}"


def measured_texts() -> list[Text]:
    """Question text and help of every worksheet, and recommendation title and text."""
    found = []
    for path in sorted((CONTENT / "worksheets").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data["sections"]:
            for question in section["questions"]:
                for field in ("text", "help"):
                    if field in question:
                        found.append(
                            Text(
                                f"worksheets/{path.name}", question["key"], field, **question[field]
                            )
                        )
    data = yaml.safe_load((CONTENT / "recommendations.yaml").read_text(encoding="utf-8"))
    for recommendation in data["recommendations"]:
        for field in ("title", "text"):
            found.append(
                Text("recommendations.yaml", recommendation["key"], field, **recommendation[field])
            )
    return found + plan_texts()


def plan_texts() -> list[Text]:
    """The quick check's temporary-use plan and its start page, as the catalogue has them: every
    sentence of the plan's body and of its lists (assessments/quick/plan.py)."""
    catalogue = {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    }
    body = (ROOT / "templates" / "assessments" / "quick" / "plan_body.html").read_text()
    start = (ROOT / "templates" / "assessments" / "quick" / "start.html").read_text()
    code = (ROOT / "assessments" / "quick" / "plan.py").read_text()
    msgids = re.findall(
        r"{% (?:translate|blocktranslate[^%]*) %}(.*?){% endblocktranslate %}", body + start, re.S
    )
    msgids += re.findall(r'{% translate "([^"]+)" %}', body + start)
    msgids += re.findall(r'_\(\s*"([^"]+)"', code)
    texts = []
    for msgid in msgids:
        msgid = " ".join(re.sub(r"{{ (\w+) }}", r"%(\1)s", msgid).split())
        if catalogue.get(msgid):
            texts.append(Text("quick plan", msgid[:30], "text", msgid, catalogue[msgid]))
    return texts


def current_language() -> str:
    """The language textstat measures in: 0.7.3 keeps it, private, on its module-wide instance."""
    return textstat.textstat._textstatistics__lang


@contextmanager
def language(lang: str) -> Iterator[None]:
    """textstat's language is global: set it for a block, then put back what was there."""
    previous = current_language()
    textstat.set_lang(lang)
    try:
        yield
    finally:
        textstat.set_lang(previous)


def long_enough(text: str) -> bool:
    return textstat.lexicon_count(text) >= MIN_WORDS


def english_grades() -> list[tuple[Text, float]]:
    with language("en_US"):
        return [
            (text, textstat.flesch_kincaid_grade(text.en))
            for text in measured_texts()
            if long_enough(text.en)
        ]


def spanish_scores() -> list[tuple[Text, float]]:
    with language("es"):
        return [
            (text, textstat.fernandez_huerta(text.es))
            for text in measured_texts()
            if long_enough(text.es)
        ]


def test_the_measured_texts_come_from_every_worksheet_and_the_recommendations():
    files = {text.file for text in measured_texts()}
    assert files == {
        "worksheets/readiness.yaml",
        "worksheets/platform.yaml",
        "worksheets/vendor.yaml",
        "recommendations.yaml",
        "quick plan",
    }
    assert len(plan_texts()) >= 12
    assert len(english_grades()) > 100 and len(spanish_scores()) > 100


def test_spanish_is_measured_with_spanish_syllables_and_the_language_is_put_back():
    before = current_language()
    sentence = "La persona intercesora pregunta si es seguro conversar."
    with language("es"):
        assert current_language() == "es"
        spanish = textstat.syllable_count(sentence)
    assert spanish == 20  # la-per-so-na-in-ter-ce-so-ra-pre-gun-ta-si-es-se-gu-ro-con-ver-sar
    assert current_language() == before


def test_every_long_english_text_reads_at_grade_9_or_below():
    over = [f"{text}: grade {grade}" for text, grade in english_grades() if grade > MAX_GRADE]
    assert not over, (
        f"{len(over)} English texts above Flesch-Kincaid grade {MAX_GRADE}; write shorter "
        "sentences and plainer words:\n" + "\n".join(over)
    )


def test_the_median_english_text_reads_at_grade_7_or_below():
    grades = sorted(grade for _, grade in english_grades())
    median = statistics.median(grades)
    assert median <= MAX_MEDIAN_GRADE, (
        f"median Flesch-Kincaid grade {median} of {len(grades)} English texts, above "
        f"{MAX_MEDIAN_GRADE}"
    )


def test_every_long_spanish_text_scores_60_or_more_on_fernandez_huerta():
    under = [
        f"{text}: Fernández-Huerta {score}"
        for text, score in spanish_scores()
        if score < MIN_FERNANDEZ_HUERTA
    ]
    assert not under, (
        f"{len(under)} Spanish texts below Fernández-Huerta {MIN_FERNANDEZ_HUERTA}; write "
        "shorter sentences and plainer words:\n" + "\n".join(under)
    )
