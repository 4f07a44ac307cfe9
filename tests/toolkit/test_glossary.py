"""Shipped texts use the glossary's preferred terms (content/GLOSSARY.md, content/glossary.yaml).

English texts (`en`) of content/**/*.yaml are checked against the English avoided terms; Spanish
texts (`es`) and the msgstr side of the Spanish catalogue against the Spanish ones; the
catalogue's English msgids (the interface) against the English ones. Keys are never checked.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
GLOSSARY = CONTENT / "glossary.yaml"
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
LANGUAGES = {"en": "english", "es": "spanish"}


@dataclass(frozen=True)
class Avoided:
    term: str
    use: str
    except_after: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern:
        words = r"\s+".join(re.escape(word) for word in self.term.split())
        return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)

    def found_in(self, text: str) -> bool:
        for match in self.pattern.finditer(text):
            before = re.findall(r"\w+", text[: match.start()])
            if not (before and before[-1].lower() in self.except_after):
                return True
        return False


def load_glossary(path: Path = GLOSSARY) -> dict[str, list[Avoided]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        lang: [
            Avoided(
                item["avoid"],
                item["use"],
                tuple(word.lower() for word in item.get("except_after", ())),
            )
            for item in data[name]
        ]
        for lang, name in LANGUAGES.items()
    }


def avoided_terms(text: str, rules: list[Avoided]) -> list[Avoided]:
    return [rule for rule in rules if rule.found_in(text)]


def texts(data, lang: str):
    """Every string under a `lang` key, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == lang and isinstance(value, str):
                yield value
            else:
                yield from texts(value, lang)
    elif isinstance(data, list):
        for item in data:
            yield from texts(item, lang)


def content_problems(root: Path, glossary: dict[str, list[Avoided]]) -> list[str]:
    problems = set()
    for path in sorted(root.rglob("*.yaml")):
        if path.name == GLOSSARY.name:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for lang, rules in glossary.items():
            for text in texts(data, lang):
                for rule in avoided_terms(text, rules):
                    problems.add(
                        f"{path.relative_to(root)} ({lang}): '{rule.term}', write '{rule.use}'"
                    )
    return sorted(problems)


def catalogue_problems(path: Path, rules: list[Avoided], *, side: str = "msgstr") -> list[str]:
    """Avoided terms on one side of a catalogue: the Spanish msgstr or the English msgid."""
    problems = []
    for entry in polib.pofile(str(path)):
        sides = (
            [entry.msgstr, *entry.msgstr_plural.values()]
            if side == "msgstr"
            else [entry.msgid, entry.msgid_plural]
        )
        for text in sides:
            for rule in avoided_terms(text or "", rules):
                problems.append(
                    f"{path.name}:{entry.linenum} {side}: '{rule.term}', write '{rule.use}'"
                )
    return problems


def test_shipped_content_uses_the_preferred_terms():
    problems = content_problems(CONTENT, load_glossary())
    assert not problems, "avoided terms in shipped content:\n" + "\n".join(problems)


def test_spanish_catalogue_uses_the_preferred_terms():
    problems = catalogue_problems(CATALOGUE, load_glossary()["es"])
    assert not problems, "avoided terms in the Spanish catalogue:\n" + "\n".join(problems)


def test_english_interface_strings_use_us_spelling():
    problems = catalogue_problems(CATALOGUE, load_glossary()["en"], side="msgid")
    assert not problems, "avoided terms in the interface's English strings:\n" + "\n".join(problems)


def test_the_check_finds_avoided_terms_and_spares_preferred_ones():
    glossary = load_glossary()
    found = [
        rule.term
        for rule in avoided_terms(
            "La Intercesión con sobrevivientes y una sobreviviente.", glossary["es"]
        )
    ]
    assert found == ["intercesión", "sobrevivientes", "sobreviviente"]
    assert not avoided_terms(
        "La intercesoría con las personas sobrevivientes y una persona sobreviviente.",
        glossary["es"],
    )
    assert [
        rule.term for rule in avoided_terms("Our Organisation meets at weekends.", glossary["en"])
    ] == ["organisation", "at weekends"]
    # Whole words only: these contain an avoided term but are fine.
    assert not avoided_terms(
        "Programs with licensed staff enroll survivors on weekends.", glossary["en"]
    )


def test_the_check_names_the_file_and_the_term(tmp_path):
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "sample.yaml").write_text(
        "key: budget-licences\n"
        "title: {en: Count every licence, es: Cuente cada licencia}\n"
        "body:\n  es: |\n    Sugiera usar audífonos.\n",
        encoding="utf-8",
    )
    problems = content_problems(tmp_path, load_glossary())
    assert problems == [
        "guides/sample.yaml (en): 'licence', write 'license'",
        "guides/sample.yaml (es): 'audífonos', write 'auriculares'",
    ]


def test_the_check_reads_the_catalogue_msgstr_not_the_msgid(tmp_path):
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Organisation backups"\nmsgstr "Respaldos de la organización"\n',
        encoding="utf-8",
    )
    problems = catalogue_problems(catalogue, load_glossary()["es"])
    assert len(problems) == 1 and "'respaldos', write 'copias de seguridad'" in problems[0]
    english = catalogue_problems(catalogue, load_glossary()["en"], side="msgid")
    assert len(english) == 1 and "msgid: 'organisation', write 'organization'" in english[0]
