"""The national hotlines a program refers first contacts to while it uses a tool temporarily.

Each entry was checked at its source on the date given; the plan prints both.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

REVIEWED_ON = date(2026, 12, 6)

HOTLINES = (
    {
        "name": _("National Domestic Violence Hotline"),
        "contact": _("Call 1-800-799-7233 (TTY 1-800-787-3224), or text START to 88788"),
        "source": "https://ovc.ojp.gov/news/grantee-news/national-domestic-violence-hotline-answers-6-million-contacts",
    },
    {
        "name": _("National Sexual Assault Hotline (RAINN)"),
        "contact": _("Call 1-800-656-4673"),
        "source": "https://rainn.org/get-help/national-sexual-assault-hotline",
    },
)
