"""Factories for the tests. A QuartierFactory quartier comes with its ten steps."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from network import catalogues as network_catalogues
from network.models import Contact, NetworkMembership, Partner, PartnerType
from organisation import catalogues as organisation_catalogues
from organisation.models import RoleProfile, Staffing, StaffMember
from planning.catalogues import ensure_catalogues
from planning.models import ChecklistTemplate, StepTemplate
from planning.services import steps_ensure
from planning.step_templates import sync_step_templates
from quartier.models import Coordinator, Membership, Organisation, Quartier, User

PASSWORD = "test-passwort-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Stadt Beispiel {n}")
    slug = factory.Sequence(lambda n: f"stadt-beispiel-{n}")
    kind = Organisation.Kind.KOMMUNE


class QuartierFactory(DjangoModelFactory):
    class Meta:
        model = Quartier
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    municipality = "Beispielstadt"
    population = 4200

    @factory.post_generation
    def with_steps(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted is not False:
            ensure_step_templates()
            steps_ensure(quartier=self)


def ensure_step_templates() -> None:
    """Browser and concurrency tests flush every table after them, the step templates that a
    migration loads included; tests that run later need them back."""
    if not StepTemplate.objects.exists():
        sync_step_templates(StepTemplate, ChecklistTemplate)
    ensure_catalogues()
    network_catalogues.ensure_catalogues()
    organisation_catalogues.ensure_catalogues()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    quartier = factory.SubFactory(QuartierFactory)
    role = "manager"


class CoordinatorFactory(DjangoModelFactory):
    class Meta:
        model = Coordinator

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def partner_type(key: str = "verein") -> PartnerType:
    network_catalogues.ensure_catalogues()
    return PartnerType.objects.get(key=key)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    type = factory.LazyFunction(partner_type)
    serves_soziales = True


class NetworkMembershipFactory(DjangoModelFactory):
    """An active member of the quartier's network; the partner belongs to the quartier's organisation."""

    class Meta:
        model = NetworkMembership

    quartier = factory.SubFactory(QuartierFactory)
    partner = factory.SubFactory(PartnerFactory, organisation=factory.SelfAttribute("..quartier.organisation"))
    status = "aktiv"
    role = "kern"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Faker("name", locale="de_DE")
    function = "Leitung"
    email = factory.Sequence(lambda n: f"kontakt{n}@partner.example")
    phone = "0123 4567"
    consent_purpose = "Einladungen zu Netzwerktreffen"
    consent_date = factory.Faker("date_this_decade")


def role_profile(key: str = "manager") -> RoleProfile:
    organisation_catalogues.ensure_catalogues()
    return RoleProfile.objects.get(key=key)


class StaffMemberFactory(DjangoModelFactory):
    """A person without login unless a user is given (then named after the user)."""

    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = None
    name = factory.LazyAttribute(lambda o: str(o.user) if o.user else f"Fachkraft {o.organisation.pk}")


class StaffingFactory(DjangoModelFactory):
    """A running post of 19.5 hours a week as quartier manager, open-ended."""

    class Meta:
        model = Staffing

    quartier = factory.SubFactory(QuartierFactory)
    member = factory.SubFactory(StaffMemberFactory, organisation=factory.SelfAttribute("..quartier.organisation"))
    role_profile = factory.LazyFunction(role_profile)
    weekly_hours = 19.5
    start = datetime.date(2024, 1, 1)
    end = None
