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


def test_catalogue_matches_the_templates_and_code(tmp_path):
    """Every string marked for translation is in the committed catalogue (makemessages was run)."""
    import shutil
    import subprocess
    import sys
    root = CATALOGUE.parents[3]
    work = tmp_path / "locale"
    shutil.copytree(root / "locale", work)
    env = {"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    script = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','toolkit.settings');"
              "django.setup(); from django.conf import settings; settings.LOCALE_PATHS=[%r];"
              "from django.core.management import call_command;"
              "call_command('makemessages', locale=['es'], no_location=True, no_obsolete=True,"
              " ignore_patterns=['.venv/*', 'node_modules/*', 'tests/*'], verbosity=0)" % str(work))
    subprocess.run([sys.executable, "-c", script], cwd=root, env=env, check=True, timeout=120)
    fresh = polib.pofile(str(work / "es" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"run makemessages and translate: {missing[:10]}"
