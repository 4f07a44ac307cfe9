from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_spanish_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert len(catalogue.translated_entries()) > 100


def test_every_plural_has_each_form_the_language_declares():
    """Spanish declares three plural forms (one, millions, other); an entry with only two is
    silently shown in English for every count that needs the third."""
    catalogue = polib.pofile(str(CATALOGUE))
    declared = int(catalogue.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural
        and sorted(k for k, v in entry.msgstr_plural.items() if v) != list(range(declared))
    ]
    assert not short, f"plural forms missing: {short[:10]}"


def test_catalogue_matches_the_templates_and_code(tmp_path):
    """Every string marked for translation is in the committed catalogue (makemessages was run).

    makemessages runs on a copy of the project: run in the project itself it writes to the real
    locale/ whatever LOCALE_PATHS says (it sends every file under a directory holding a
    `locale` folder there), so the test used to rewrite the committed catalogue as it ran.
    """
    import shutil
    import subprocess
    import sys

    root = CATALOGUE.parents[3]
    committed = CATALOGUE.read_bytes()
    work = tmp_path / "project"
    shutil.copytree(
        root,
        work,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "node_modules",
            "__pycache__",
            "*.mo",
            "*.sqlite3",
            "staticfiles",
            ".pytest_cache",
            "*.egg-info",
            "test-results",
        ),
    )
    env = {"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    script = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','toolkit.settings');"
        "django.setup(); from django.core.management import call_command;"
        "call_command('makemessages', locale=['es'], no_location=True, no_obsolete=True,"
        " ignore_patterns=['.venv/*', 'node_modules/*', 'tests/*'], verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", script], cwd=work, env=env, check=True, timeout=120)
    fresh = polib.pofile(str(work / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"run makemessages and translate: {missing[:10]}"
    assert CATALOGUE.read_bytes() == committed, "the test must leave the catalogue alone"
