from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from conum.core.roles import Role
from conum.core.scoping import ScopedQuerySet

# Roles that sign in with a second factor (a TOTP code, or a recovery code): they decide on posts and
# money, and see every application and person of their territory. Enforced by middleware.SecondFactorMiddleware.
SECOND_FACTOR_ROLES = frozenset({Role.NATIONAL_STAFF, Role.PREFECTURE_AGENT})


def normalize_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively: store them lower-cased."""
    return (email or "").strip().lower()


class UserQuerySet(ScopedQuerySet, models.QuerySet):
    def for_national_staff(self, user):
        return self

    def for_prefecture_agent(self, user):
        return self.filter(pk=user.pk)

    for_candidate = for_structure_manager = for_advisor = for_coordinator = for_prefecture_agent


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", Role.NATIONAL_STAFF)
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse e-mail", max_length=254)
    first_name = models.CharField("prénom", max_length=150, blank=True)
    last_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    # A prefecture agent's territory: one département, or one région.
    departement = models.ForeignKey(
        "territories.Departement", verbose_name="département", null=True, blank=True, on_delete=models.PROTECT
    )
    region = models.ForeignKey(
        "territories.Region", verbose_name="région", null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("date d'inscription", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="unique_user_email_ci"),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.PREFECTURE_AGENT)
                    & (
                        Q(departement__isnull=False, region__isnull=True)
                        | Q(departement__isnull=True, region__isnull=False)
                    )
                )
                | (~Q(role=Role.PREFECTURE_AGENT) & Q(departement__isnull=True, region__isnull=True)),
                name="prefecture_agent_has_one_territory",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def requires_second_factor(self) -> bool:
        """Staff roles, and anyone with access to the technical administration."""
        return self.role in SECOND_FACTOR_ROLES or self.is_staff or self.is_superuser

    @property
    def territory(self):
        """The prefecture agent's département or région, else None."""
        return self.departement or self.region

    @property
    def departement_codes(self) -> list[str]:
        """Codes of the départements a prefecture agent covers."""
        if self.departement_id:
            return [self.departement_id]
        if self.region_id:
            return list(self.region.departements.values_list("code", flat=True))
        return []


# Registered with the app's models (its migration is in accounts): the second factor given at ProConnect.
from .proconnect_models import ProConnectDevice  # noqa: E402, F401
