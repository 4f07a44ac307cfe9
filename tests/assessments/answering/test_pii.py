import pytest

from assessments.answering.pii import personal_information_warnings


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("Call 555-123-4567", ["phone"]),
        ("Call (555) 123 4567 or +1 555.123.4567", ["phone"]),
        ("mail ana.maria+intake@example.org", ["email"]),
        ("She lives at 42 Oak Street", ["address"]),
        ("Vive en Calle Ocho 1234", ["address"]),
        ("Office: 1200 W. Main Ave., call 555 123 4567", ["phone", "address"]),
        ("We have 3 advocates and 12 volunteers", []),
        ("Budget is $12,500 for 2026", []),
        ("Board approved in May 2025", []),
        ("", []),
    ],
)
def test_personal_information_is_spotted(text, kinds):
    messages = " ".join(personal_information_warnings(text)).lower()
    for kind, word in (("phone", "phone"), ("email", "e-mail"), ("address", "street address")):
        assert (word in messages) == (kind in kinds), (text, messages)
