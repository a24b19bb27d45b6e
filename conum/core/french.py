"""French articles and contractions before place names: "du Dorat", "de l'Ain", "d'Ambazac", "aux Cars".

A name's article is INSEE's "type de nom en clair" (TNCC), carried by the territories as `name_type`:
0 no article (consonant), 1 no article (vowel or mute h: d'), 2 Le, 3 La, 4 Les, 5 L', 6 Aux, 7 Las, 8 Los.
A commune's name includes its article ("Le Dorat"); a département's does not ("Haute-Vienne", type 3).
Without a type (a plain string), it is read from the name: an initial article, or a vowel; an initial h is
taken as aspirated ("de Hautefort"), since only INSEE's list tells mute from aspirated.

Each helper takes a name (a string, possibly a `Named`) or an object with `name` and `name_type`
(a Commune, a Département, a Région).
"""

import unicodedata

# TNCC -> (article as written in the name, article before a name without it, "de" form, "à" form).
_ARTICLES = {
    0: ("", "", "de ", "à "),
    1: ("", "", "d'", "à "),
    2: ("Le ", "le ", "du ", "au "),
    3: ("La ", "la ", "de la ", "à la "),
    4: ("Les ", "les ", "des ", "aux "),
    5: ("L'", "l'", "de l'", "à l'"),
    6: ("Aux ", "aux ", "des ", "aux "),
    7: ("Las ", "las ", "de las ", "à las "),
    8: ("Los ", "los ", "de los ", "à los "),
}
_VOWELS = "AEIOUY"


class Named(str):
    """A text to show as a place name (e.g. "Le Dorat (87)") that keeps the name's TNCC for the helpers."""

    name_type: int | None

    def __new__(cls, text: str, name_type: int | None = None):
        named = super().__new__(cls, text)
        named.name_type = name_type
        return named


def name_type(name: str) -> int:
    """The TNCC read from a name that carries its article: "Le Dorat" 2, "Ambazac" 1, "Tulle" 0."""
    name = name.replace("’", "'")
    for code in (4, 2, 3, 5, 6, 7, 8):  # "Les " before "Le "
        article = _ARTICLES[code][0]
        if name[: len(article)].lower() == article.lower() and len(name) > len(article):
            return code
    first = unicodedata.normalize("NFD", name[:1])[:1].upper()
    return 1 if first in _VOWELS or name[:1] in "ŒœÆæ" else 0


def _parts(place) -> tuple[str, int]:
    """(name, TNCC) of a string or of a territory."""
    name = place if isinstance(place, str) else getattr(place, "name", "")
    name = str(name)
    code = getattr(place, "name_type", None)
    if code not in _ARTICLES:
        code = name_type(name)
    return name, code


def _split(place) -> tuple[str, str, int]:
    """(article as it must be written, name without its article, TNCC)."""
    name, code = _parts(place)
    written, bare_article = _ARTICLES[code][:2]
    plain = name.replace("’", "'")
    if written and plain[: len(written)].lower() == written.lower():
        return name[: len(written)], name[len(written) :], code
    return bare_article, name, code


def le(place) -> str:
    """The name with its article: "Le Dorat", "la Haute-Vienne", "l'Ain", "les Landes", "Ambazac"."""
    article, rest, _code = _split(place)
    return article + rest


def de(place) -> str:
    """ "de" + name: "du Dorat", "de La Souterraine", "de la Haute-Vienne", "de l'Ain", "d'Ambazac", "des Cars"."""
    article, rest, code = _split(place)
    if code in (1, 2, 4, 6):
        return _ARTICLES[code][2] + rest  # elided or contracted: d', du, des
    return "de " + article + rest


def a(place) -> str:
    """ "à" + name: "au Dorat", "aux Cars", "à La Souterraine", "à l'Ain", "à Ambazac"."""
    article, rest, code = _split(place)
    if code in (2, 4, 6):
        return _ARTICLES[code][3] + rest  # contracted: au, aux
    return "à " + article + rest
