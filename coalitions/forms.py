from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import SizeBand
from assessments.answering.forms import refuse_control_characters


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail of the program's director"),
        max_length=254,
        help_text=_(
            "The invitation waits on that director's Coalitions page; the program shares nothing "
            "until its director chooses to."
        ),
    )


class AskForm(forms.Form):
    name = forms.CharField(
        label=_("The coalition's name, as it is written on this site"),
        max_length=200,
        validators=[refuse_control_characters],
    )


class ConsentForm(forms.Form):
    NOTHING, FIGURES, NAMED = "nothing", "figures", "named"
    share = forms.ChoiceField(
        label=_("What this coalition may see"),
        widget=forms.RadioSelect,
        choices=[
            (NOTHING, _("Nothing")),
            (
                FIGURES,
                _(
                    "Our scores and bands by channel and dimension, and which recommendations our findings called for, without our name"
                ),
            ),
            (NAMED, _("The same, with our program's name beside them")),
        ],
    )

    @classmethod
    def initial_for(cls, membership) -> str:
        if membership.share_name:
            return cls.NAMED
        return cls.FIGURES if membership.share_scores else cls.NOTHING

    def consent(self) -> tuple[bool, bool]:
        """(share_scores, share_name)"""
        share = self.cleaned_data["share"]
        return share != self.NOTHING, share == self.NAMED


class SizeForm(forms.Form):
    size_band = forms.ChoiceField(
        label=_("How many people work in your program?"),
        required=False,
        choices=[("", _("We prefer not to say")), *SizeBand.choices],
        help_text=_("Used only to compare you with programs of your size, in ranges."),
    )
