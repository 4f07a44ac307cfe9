"""The strict Reader every content loader checks its YAML with: messages name file and key."""

from pathlib import Path

import pytest

from toolkit.content_sync import ContentError, Reader

pytestmark = pytest.mark.database_dependent(
    "content sync keeps admin edits by stored digests (JSON) and unique keys"
)

READER = Reader(Path("content/example.yaml"))


@pytest.mark.parametrize(
    "check, message",
    [
        (
            lambda: READER.integer(4, "weights.safety", maximum=3),
            "content/example.yaml: weights.safety: 4 is not a whole number from 0 to 3",
        ),
        (lambda: READER.integer(True, "order"), "order: True is not a whole number"),
        (lambda: READER.flag("yes", "per_vendor"), "per_vendor: 'yes' is not true or false"),
        (lambda: READER.unique(["a", "b", "a"], "sections"), "sections: 'a' appears twice"),
        (
            lambda: READER.optional({"order": -1}, "order", "order", READER.integer),
            "order: -1 is not a whole number",
        ),
    ],
)
def test_helpers_refuse_naming_file_and_key(check, message):
    with pytest.raises(ContentError) as error:
        check()
    assert message in str(error.value)


def test_helpers_return_what_they_accept():
    assert READER.integer(3, "weight", maximum=3) == 3
    assert READER.flag(False, "blocks") is False
    assert READER.unique(["a", "b"], "keys") == ["a", "b"]
    assert READER.optional({"order": None}, "order", "order", READER.integer) is None
    assert READER.optional({}, "order", "order", READER.integer) is None
