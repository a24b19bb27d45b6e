from conum.core import apps as core_apps


class AccountsConfig(core_apps.LabelledAppConfig):
    name = "conum.accounts"
    verbose_name = "Comptes"
