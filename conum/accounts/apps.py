from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conum.accounts"
    verbose_name = "Comptes"

    def ready(self):
        from conum.core import journal, navigation
        from conum.core.roles import Role

        journal.register_labels(
            {
                "accounts.opened": "Compte ouvert",
                "accounts.activated": "Compte réactivé",
                "accounts.deactivated": "Compte désactivé",
                "accounts.second_factor_set_up": "Double authentification activée",
                "accounts.recovery_code_used": "Code de secours utilisé",
                "accounts.recovery_codes_regenerated": "Codes de secours renouvelés",
                "accounts.second_factor_reset": "Double authentification réinitialisée",
            }
        )

        navigation.register(Role.values, "Mon espace", "accounts:space", order=0)
        navigation.register([Role.NATIONAL_STAFF], "Comptes", "accounts:team", order=90)
