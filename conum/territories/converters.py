"""URL converters for INSEE codes, so that anything else is a 404 before any query."""


class DepartementCodeConverter:
    regex = "[0-9][0-9AB][0-9]?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CommuneCodeConverter(DepartementCodeConverter):
    regex = "[0-9][0-9AB][0-9]{3}"
