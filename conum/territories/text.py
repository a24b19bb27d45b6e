"""Search keys for place names: accents, case, hyphens and "Saint" abbreviations ignored."""

import re
import unicodedata

_ABBREVIATIONS = {"saint": "st", "sainte": "ste"}


def search_key(text: str) -> str:
    """ "Saint-Junien", "st junien" and "ST-JUNIEN" all give "st junien"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.split(r"[^a-z0-9]+", ascii_text.lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words if word)
