from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conum.public"
    verbose_name = "Site public"

    def ready(self):
        from conum.core import navigation

        # What a visitor without an account sees in the header.
        for label, url_name, order in [
            ("Trouver de l'aide", "public:search", 10),
            ("Ateliers", "public:workshops", 20),
            ("Trouver mon niveau", "public:self_assessment", 30),
        ]:
            navigation.register([navigation.VISITOR], label, url_name, order=order)
