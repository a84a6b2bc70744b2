from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, bounded_text, text_length_constraint
from .geojson import validate_boundary

# Thresholds of the KDA model: a social near-space and the largest relationship space.
NEAR_SPACE_MIN = 3_000
NEAR_SPACE_MAX = 5_000
RELATIONSHIP_SPACE_MAX = 25_000


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # People type their address in any case; addresses are stored in lower case.
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in with an e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        """How pages that partners and viewers reach name a person: never by e-mail address."""
        return self.get_full_name() or str(_("(no name given)"))


class OrganisationKind(models.TextChoices):
    KOMMUNE = "kommune", _("Municipality")
    TRAEGER = "traeger", _("Provider")
    VERBAND = "verband", _("Welfare association")
    WOHNUNGSUNTERNEHMEN = "wohnungsunternehmen", _("Housing company")


class SpatialType(models.TextChoices):
    WOHNGEBIET = "wohngebiet", _("Residential area")
    STADTVIERTEL = "stadtviertel", _("City district")
    GEMEINDE = "gemeinde", _("Municipality / village")


class Organisation(models.Model):
    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


# Columns the planning services maintain; not part of the quartier's history (they change with every step).
PROGRESS_FIELDS = ["last_activity_at", "current_step", "current_step_status", "current_step_since", "steps_done"]


class QuartierQuerySet(models.QuerySet["Quartier"]):
    def visible_to(self, user: User) -> QuartierQuerySet:
        """Quartiers the user may see: members, coordinators of the organisation, superusers."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        # Subqueries rather than joins: no duplicates, so no DISTINCT that would fight annotations.
        return self.filter(
            Q(pk__in=Membership.objects.filter(user=user).values("quartier"))
            | Q(organisation__in=Coordinator.objects.filter(user=user).values("organisation"))
        )


class Quartier(models.Model):
    SpatialType = SpatialType

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="quartiers", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    municipality = models.CharField(_("municipality"), max_length=200)
    spatial_type = models.CharField(
        _("spatial type"), max_length=20, choices=SpatialType.choices, default=SpatialType.STADTVIERTEL
    )
    population = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon, e.g. exported from a map tool."),
        validators=[validate_boundary],
    )
    centre_lat = models.DecimalField(_("centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    centre_lon = models.DecimalField(_("centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    catchment_radius_m = models.PositiveSmallIntegerField(
        _("walking radius (m)"),
        default=500,
        validators=[MinValueValidator(100), MaxValueValidator(3000)],
        help_text=_("The distance older people walk to a facility; used by the catchment analysis."),
    )

    leitbild = bounded_text(_("mission statement (Leitbild)"), blank=True)
    leitbild_agreed_on = models.DateField(_("mission statement agreed on"), null=True, blank=True)
    leitbild_agreed_by = models.CharField(_("mission statement agreed by"), max_length=300, blank=True)

    is_manageable = models.BooleanField(_("manageable (überschaubar)"), default=False)
    manageable_reason = bounded_text(_("why manageable"), max_length=SHORT_TEXT_MAX, blank=True)
    is_socially_constructed = models.BooleanField(_("socially constructed (sozial konstruierbar)"), default=False)
    socially_constructed_reason = bounded_text(_("why socially constructed"), max_length=SHORT_TEXT_MAX, blank=True)
    is_identity_forming = models.BooleanField(_("identity-forming (identifikatorisch)"), default=False)
    identity_forming_reason = bounded_text(_("why identity-forming"), max_length=SHORT_TEXT_MAX, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Progress, kept up to date by the planning services (see quartier_progress_refresh there) so
    # that the portfolio and the start page sort, filter and show it without subqueries per quartier.
    # The current step is the highest-numbered step in progress, else the lowest open step, else
    # step 10 (all done); "since" is when it entered that state (planning/progress.py).
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, db_index=True, editable=False)
    current_step = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True, editable=False)
    current_step_status = models.CharField(_("status of the current step"), max_length=20, blank=True, editable=False)
    current_step_since = models.DateTimeField(_("current step since"), null=True, blank=True, editable=False)
    steps_done = models.PositiveSmallIntegerField(_("steps completed"), default=0, editable=False)

    history = HistoricalRecords(excluded_fields=PROGRESS_FIELDS)
    objects = QuartierQuerySet.as_manager()

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(spatial_type__in=SpatialType.values),
                name="quartier_spatial_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(centre_lat__isnull=True) | Q(centre_lat__gte=-90, centre_lat__lte=90),
                name="quartier_centre_lat_range",
            ),
            models.CheckConstraint(
                condition=Q(centre_lon__isnull=True) | Q(centre_lon__gte=-180, centre_lon__lte=180),
                name="quartier_centre_lon_range",
            ),
            models.CheckConstraint(
                condition=Q(catchment_radius_m__gte=100, catchment_radius_m__lte=3000),
                name="quartier_catchment_radius_range",
            ),
            text_length_constraint("leitbild", LONG_TEXT_MAX, name="quartier_leitbild_length"),
            *(
                text_length_constraint(field, SHORT_TEXT_MAX, name=f"quartier_{field}_length")
                for field in ("manageable_reason", "socially_constructed_reason", "identity_forming_reason")
            ),
            # The step statuses of the planning app, which this app must not import.
            models.CheckConstraint(
                condition=Q(current_step_status__in=["", "open", "in_progress", "done"]),
                name="quartier_current_step_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(current_step__isnull=True) | Q(current_step__gte=1, current_step__lte=10),
                name="quartier_current_step_range",
            ),
            models.CheckConstraint(condition=Q(steps_done__lte=10), name="quartier_steps_done_range"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The cockpit is the quartier's home page ("view on site" in the admin leads there).
        return reverse("cockpit", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        # Django runs no field validators on "empty" values, and [], {} and "" count as empty:
        # stored, they would be a boundary that is no area.
        if self.boundary is not None and self.boundary in EMPTY_VALUES:
            try:
                validate_boundary(self.boundary)
            except ValidationError as exc:
                raise ValidationError({"boundary": exc}) from None

    @property
    def exceeds_relationship_space(self) -> bool:
        return self.population is not None and self.population > RELATIONSHIP_SPACE_MAX

    @property
    def is_near_space(self) -> bool:
        return self.population is not None and NEAR_SPACE_MIN <= self.population <= NEAR_SPACE_MAX


class Role(models.TextChoices):
    MANAGER = "manager", _("Quartier manager")
    DEVELOPER = "developer", _("Quartier developer")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A user's role in one quartier."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("quartier")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["quartier__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quartier"], name="membership_unique_user_quartier"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.quartier} ({self.get_role_display()})"


class Coordinator(models.Model):
    """A quartier coordinator sees every quartier of one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinations", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("organisation")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="coordinator_unique_user_org"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class InvitationState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted, declined nor withdrawn, and not expired: see `Invitation.state`."""
        return self.filter(
            accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail invitation to join a quartier; only a hash of the token is stored.

    It is open until it is accepted, declined (by the invited person) or withdrawn (by a
    manager); an open invitation past `expires_at` has expired. At most one of the three
    answers is set, and each records when.
    """

    State = InvitationState

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The token's hash stays out of the history: a copy there would outlive a withdrawn link.
    history = HistoricalRecords(excluded_fields=["token_hash"])
    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            # An invitation is answered once: accepted, declined or withdrawn, never two of them.
            models.CheckConstraint(
                condition=(
                    Q(accepted_at__isnull=True, declined_at__isnull=True)
                    | Q(accepted_at__isnull=True, withdrawn_at__isnull=True)
                    | Q(declined_at__isnull=True, withdrawn_at__isnull=True)
                ),
                name="invitation_answered_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.quartier}"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.declined_at is not None:
            return InvitationState.DECLINED
        if self.withdrawn_at is not None:
            return InvitationState.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == InvitationState.OPEN
