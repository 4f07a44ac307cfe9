"""Shipped texts use the glossary's preferred terms (content/GLOSSARY.md, content/glossary.yaml).

English texts (`en`) of content/**/*.yaml are checked against the English avoided terms; Spanish
texts (`es`) and the msgstr side of the Spanish catalogue against the Spanish ones; the
catalogue's English msgids (the interface) against the English ones. Keys are never checked.
A Spanish term avoided only as the translation of an English word (`where_english`) is checked
against the English beside it: the `en` of the same text, or the catalogue entry's msgid.
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


def phrase(term: str) -> str:
    """A regular expression for `term` as whole words, any whitespace between them."""
    return r"\s+".join(re.escape(word) for word in term.split())


def occurrences(text: str | None, terms: tuple[str, ...]) -> int:
    """How many times any of `terms` appears in `text`, as whole words, ignoring case."""
    return sum(
        len(re.findall(rf"(?<!\w){phrase(term)}(?!\w)", text or "", re.IGNORECASE))
        for term in terms
    )


@dataclass(frozen=True)
class Avoided:
    term: str
    use: str
    except_after: tuple[str, ...] = ()
    except_before: tuple[str, ...] = ()
    where_english: tuple[str, ...] = ()
    as_often_as_english: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern:
        return re.compile(rf"(?<!\w){phrase(self.term)}(?!\w)", re.IGNORECASE)

    def found_in(self, text: str, english: str | None = None) -> bool:
        """Whether `text` uses the term where it should not; `english` is the text it translates.

        A term with `where_english` is avoided only in a translation of an English text that says
        one of those words, and there only beyond the number of times the English says one of
        `as_often_as_english` (the words the term does translate).
        """
        if self.where_english and not occurrences(english, self.where_english):
            return False
        found = 0
        for match in self.pattern.finditer(text):
            before = re.findall(r"\w+", text[: match.start()])
            if before and before[-1].lower() in self.except_after:
                continue
            after = text[match.end() :]
            if any(
                re.match(rf"\s+{phrase(word)}(?!\w)", after, re.I) for word in self.except_before
            ):
                continue
            found += 1
        return found > occurrences(english, self.as_often_as_english)


def load_glossary(path: Path = GLOSSARY) -> dict[str, list[Avoided]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        lang: [
            Avoided(
                item["avoid"],
                item["use"],
                tuple(word.lower() for word in item.get("except_after", ())),
                tuple(item.get("except_before", ())),
                tuple(item.get("where_english", ())),
                tuple(item.get("as_often_as_english", ())),
            )
            for item in data[name]
        ]
        for lang, name in LANGUAGES.items()
    }


def avoided_terms(text: str, rules: list[Avoided], english: str | None = None) -> list[Avoided]:
    return [rule for rule in rules if rule.found_in(text, english)]


def texts(data, lang: str):
    """Every string under a `lang` key, at any depth, with the `en` string beside it (or None)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == lang and isinstance(value, str):
                english = data.get("en")
                yield value, english if isinstance(english, str) else None
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
            for text, english in texts(data, lang):
                for rule in avoided_terms(text, rules, english):
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
        english = "\n".join(filter(None, [entry.msgid, entry.msgid_plural]))
        for text in sides:
            for rule in avoided_terms(text or "", rules, english):
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


def test_some_spanish_terms_are_avoided_only_as_the_translation_of_an_english_word():
    spanish = load_glossary()["es"]

    def found(es: str, en: str) -> list[str]:
        return [rule.term for rule in avoided_terms(es, spanish, en)]

    # "advocate" is "persona intercesora" or "personal de intercesoría", never "el personal".
    assert found("Capacite al personal.", "Train advocates.") == ["personal"]
    assert found("Capacite al personal.", "Train every advocate's team.") == ["personal"]
    assert not found("Capacite a las personas intercesoras.", "Train advocates.")
    assert not found("Capacite al personal de intercesoría.", "Train advocates.")
    # "staff" stays "personal", as often as the English says it; so does the adjective.
    assert not found("Capacite al personal.", "Train staff.")
    assert not found("Use un teléfono personal.", "Advocates use a personal phone.")
    assert found("Su personal y el personal.", "Your staff and advocates.") == ["personal"]
    assert not found("Su personal y las personas intercesoras.", "Your staff and advocates.")
    # A "vendor" is a "proveedor", never an "empresa"; a company or a contractor may be.
    assert found("La empresa lo guarda.", "The vendor keeps it.") == ["empresa"]
    assert not found("El proveedor lo guarda.", "The vendor keeps it.")
    assert not found("El proveedor y otras empresas.", "The vendor and other companies.")
    assert not found("La empresa lo guarda.", "The company keeps it.")


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
        'msgid "Organisation backups"\nmsgstr "Respaldos de la organización"\n\n'
        'msgid "Advocates keep backups"\nmsgstr "El personal guarda copias de seguridad"\n',
        encoding="utf-8",
    )
    problems = catalogue_problems(catalogue, load_glossary()["es"])
    assert len(problems) == 2 and "'respaldos', write 'copias de seguridad'" in problems[0]
    assert "msgstr: 'personal', write 'persona(s) intercesora(s)" in problems[1]
    english = catalogue_problems(catalogue, load_glossary()["en"], side="msgid")
    assert len(english) == 1 and "msgid: 'organisation', write 'organization'" in english[0]
