"""The partner directory (step 4) and the local network (step 6): partners of an organisation,
their contacts (personal data, kept with the purpose and date of consent), the user accounts
that act for a partner, their membership in a quartier's network and their part in measures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.domains import Domain
from planning.measures.models import Measure
from planning.models import Document
from quartier.fields import SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Organisation, Quartier

# What the history keeps of a contact whose personal data was erased on request.
ERASED_CONTACT_NAME = "gelöschter Kontakt"


class PartnerType(models.Model):
    """An entry of the partner-type catalogue (housing provider, care service, club…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """An organisation, group or person the quartier works with. Kept per organisation (the
    municipality or carrier), so that one partner can work in several of its quartiers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partners", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.ForeignKey(PartnerType, on_delete=models.PROTECT, related_name="partners", verbose_name=_("type"))
    # The three domains are fixed by the model of the age-friendly quartier: one column each,
    # so that lists filter by domain with a plain index on every database.
    serves_wohnen = models.BooleanField(_("housing"), default=False)
    serves_soziales = models.BooleanField(_("social life"), default=False)
    serves_pflege = models.BooleanField(_("help and care"), default=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    description = bounded_text(_("what the partner offers"), max_length=SHORT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partner_name_unique_per_organisation"),
            text_length_constraint("description", SHORT_TEXT_MAX, name="partner_description_length"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        """The domains the partner serves, in the order of `Domain`."""
        return [d.value for d in Domain if getattr(self, f"serves_{d.value}")]

    @property
    def domain_labels(self) -> list[str]:
        return [str(d.label) for d in Domain if getattr(self, f"serves_{d.value}")]


def domain_field(domain: str) -> str:
    """The column that says whether a partner serves the domain."""
    return f"serves_{Domain(domain).value}"


class Contact(models.Model):
    """A person at a partner. Personal data: stored only with the purpose and the date of
    consent; exported and erased on request (see network.partners.privacy)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner"))
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_purpose = models.CharField(
        _("purpose of storing"),
        max_length=500,
        help_text=_("What the data is used for, as agreed with the person (e.g. invitations to network meetings)."),
    )
    consent_date = models.DateField(_("consent given on"))
    erased_at = models.DateTimeField(_("erased on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["partner", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class PartnerAccount(models.Model):
    """A user who acts for a partner: they log its contributions and see its measures and
    meetings in the partner portal. One partner per user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_account", verbose_name=_("user")
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("partner"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class MembershipStatus(models.TextChoices):
    REQUESTED = "angefragt", _("approached")
    ACTIVE = "aktiv", _("active")
    DORMANT = "ruhend", _("dormant")
    LEFT = "ausgetreten", _("left")


class NetworkRole(models.TextChoices):
    CORE = "kern", _("core network")
    WORKING_GROUP = "arbeitsgruppe", _("working group")
    SUPPORTER = "unterstuetzer", _("supporter")


# An agreement that ends within this many days is flagged on the network page and the cockpit.
AGREEMENT_WARNING_DAYS = 60


class NetworkMembershipQuerySet(models.QuerySet["NetworkMembership"]):
    def active(self) -> NetworkMembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)

    def agreements_expiring(self, today: datetime.date) -> NetworkMembershipQuerySet:
        """Memberships whose agreement ends within the warning period (or has ended), not yet left."""
        return self.exclude(status=MembershipStatus.LEFT).filter(
            agreement_until__isnull=False, agreement_until__lte=today + datetime.timedelta(days=AGREEMENT_WARNING_DAYS)
        )


class NetworkMembership(models.Model):
    """A partner's place in a quartier's local network (Lokale Verantwortungsgemeinschaft)."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("partner")
    )
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="network_memberships", verbose_name=_("quartier")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.REQUESTED
    )
    role = models.CharField(_("role"), max_length=20, choices=NetworkRole.choices, default=NetworkRole.SUPPORTER)
    since = models.DateField(_("since"), null=True, blank=True)
    agreement_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cooperation agreement"),
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    agreement_until = models.DateField(_("agreement runs until"), null=True, blank=True)
    note = bounded_text(_("note"), max_length=SHORT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NetworkMembershipQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["quartier", "partner__name"]
        indexes = [models.Index(fields=["quartier", "status"]), models.Index(fields=["partner", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["partner", "quartier"], name="network_membership_unique"),
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="network_status_valid"),
            models.CheckConstraint(condition=Q(role__in=NetworkRole.values), name="network_role_valid"),
            models.CheckConstraint(
                condition=Q(agreement_signed_on__isnull=True)
                | Q(agreement_until__isnull=True)
                | Q(agreement_until__gte=F("agreement_signed_on")),
                name="network_agreement_ends_after_signing",
            ),
            text_length_constraint("note", SHORT_TEXT_MAX, name="network_membership_note_length"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} – {self.quartier}"

    @property
    def has_agreement(self) -> bool:
        return self.agreement_signed_on is not None or self.agreement_document_id is not None


class MeasureRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    SUPPORT = "support", _("supporting partner")


class MeasurePartner(models.Model):
    """A partner's part in a measure. Lives here, not in planning: planning knows no partners."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="partner_links", verbose_name=_("measure")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="measure_links", verbose_name=_("partner")
    )
    role = models.CharField(_("role"), max_length=10, choices=MeasureRole.choices, default=MeasureRole.SUPPORT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner in a measure")
        verbose_name_plural = _("partners in measures")
        ordering = ["measure", "role", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "partner"], name="measure_partner_unique"),
            models.UniqueConstraint(fields=["measure"], condition=Q(role="lead"), name="measure_partner_one_lead"),
            models.CheckConstraint(condition=Q(role__in=MeasureRole.values), name="measure_partner_role_valid"),
        ]
        indexes = [models.Index(fields=["partner", "measure"])]

    def __str__(self) -> str:
        return f"{self.partner} – {self.measure} ({self.get_role_display()})"
