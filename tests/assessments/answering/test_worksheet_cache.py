"""Each content version's worksheets are read once per process, and again for a new version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answering import worksheet_cache
from assessments.answering.content import bump_content_version, current_content_version
from assessments.models import Question

pytestmark = pytest.mark.database_dependent(
    "content versions are read from the database once per version"
)


def read(version, key="readiness"):
    with CaptureQueriesContext(connection) as queries:
        content = worksheet_cache.worksheet_content(version, key)
    return content, len(queries)


@pytest.mark.django_db
def test_a_version_is_read_once_and_a_new_version_read_again():
    version = current_content_version()
    first, queries = read(version)
    assert queries == 3  # sections with their worksheets, questions, choices
    again, queries = read(version)
    assert again is first and queries == 0
    vendor, queries = read(version, "vendor")
    assert vendor.worksheet.per_vendor and queries == 0  # every worksheet came with the first
    question = Question.objects.get(key="purpose-goals-written")
    Question.objects.filter(pk=question.pk).update(text_en="Reworded")
    newer = bump_content_version("test: question reworded")
    fresh, queries = read(newer)
    assert queries == 3 and fresh is not first
    assert fresh.question("purpose", question.key).text == "Reworded"
    assert first.question("purpose", question.key).text != "Reworded"  # the old one kept as it was


@pytest.mark.django_db
def test_only_the_two_newest_versions_are_kept():
    versions = [current_content_version()]
    versions += [bump_content_version(f"test {n}") for n in range(3)]
    for version in versions:
        read(version)
    assert set(worksheet_cache._kept) == {(v.pk, v.number) for v in versions[-2:]}


@pytest.mark.django_db
def test_what_is_kept_matches_the_database():
    content, _ = read(current_content_version())
    for section in content.sections:
        stored = Question.objects.filter(section=section).prefetch_related("choices")
        kept = content.questions[section.pk]
        assert [q.key for q in kept] == [q.key for q in stored.order_by("order", "key")]
        for question in kept:
            original = stored.get(pk=question.pk)
            assert [c.key for c in question.choices.all()] == [
                c.key for c in original.choices.all()
            ]
            assert (question.kind, question.revision, question.channels) == (
                original.kind,
                original.revision,
                original.channels,
            )
    assert content.question("purpose", "no-such-question") is None
    assert worksheet_cache.worksheet_content(current_content_version(), "nope") is None
