"""Warn when free text looks like it holds personal information about someone.

The toolkit stores facts about programs, never about survivors. These checks are a nudge, not a
filter: saving is still allowed, because a program's own hotline number is legitimate.
"""

import re

from django.utils.translation import gettext_lazy as _

PATTERNS = {
    "phone": re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "address": re.compile(
        r"\b\d{1,6}\s+(?:[A-Za-zÁÉÍÓÚÑáéíóúñ0-9.'-]+\s+){0,4}"
        r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
        r"highway|hwy|calle|avenida|camino)\b\.?",
        re.IGNORECASE,
    ),
}
# Also match Spanish addresses written street-first ("Calle Ocho 1234").
PATTERNS["address_es"] = re.compile(
    r"\b(?:calle|avenida|av\.|camino)\s+[\wÁÉÍÓÚÑáéíóúñ .'-]{1,40}?\d{1,6}\b", re.IGNORECASE
)

MESSAGES = {
    "phone": _("This looks like it contains a phone number."),
    "email": _("This looks like it contains an e-mail address."),
    "address": _("This looks like it contains a street address."),
}


def personal_information_warnings(text: str) -> list[str]:
    """Translated warnings for each kind of personal information the text seems to hold."""
    found = []
    for kind, pattern in PATTERNS.items():
        message = str(MESSAGES[kind.split("_")[0]])
        if pattern.search(text or "") and message not in found:
            found.append(message)
    return found
