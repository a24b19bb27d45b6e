from conum.core import apps as core_apps


class ProgrammeConfig(core_apps.LabelledAppConfig):
    name = "conum.programme"
    verbose_name = "Programme"
