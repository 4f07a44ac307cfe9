"""A program's membership of a coalition, and what it consents to share.

Consent is per program and per coalition, off by default, and revocable at once: a coalition
sees a program's figures only while the membership is active and `share_scores` is on, and its
name only while `share_name` is on as well. Sharing with the peer benchmark (every program on
the site, anonymously) is a separate consent (`accounts.PeerSharing`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited by the coalition")
    REQUESTED = "requested", _("Asked to join")
    ACTIVE = "active", _("Member")
    ENDED = "ended", _("Ended")


OPEN_STATUSES = [MembershipStatus.INVITED, MembershipStatus.REQUESTED, MembershipStatus.ACTIVE]


class CoalitionMembershipQuerySet(models.QuerySet):
    def sharing(self):
        """Active memberships whose program shares its figures (named or not)."""
        return self.filter(status=MembershipStatus.ACTIVE, share_scores=True)


class CoalitionMembership(models.Model):
    coalition = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_programs",
        verbose_name=_("coalition"),
    )
    program = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coalition_memberships",
        verbose_name=_("program"),
    )
    status = models.CharField(_("status"), max_length=12, choices=MembershipStatus.choices)
    share_scores = models.BooleanField(_("shares its scores"), default=False)
    share_name = models.BooleanField(_("shares its name"), default=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = CoalitionMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("coalition membership")
        verbose_name_plural = _("coalition memberships")
        ordering = ["coalition__name", "program__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "program"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_membership_per_coalition_and_program",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MembershipStatus.values),
                name="coalition_membership_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(coalition=models.F("program")), name="coalition_is_not_its_program"
            ),
            # Nothing is shared outside an active membership, and a name only beside figures.
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.ACTIVE)
                | Q(share_scores=False, share_name=False),
                name="consent_only_while_a_member",
            ),
            models.CheckConstraint(
                condition=Q(share_name=False) | Q(share_scores=True),
                name="name_shared_only_with_figures",
            ),
        ]
        indexes = [
            models.Index(fields=["coalition", "status", "share_scores"], name="coalition_sharing"),
        ]

    def __str__(self):
        return f"{self.program} → {self.coalition}"
