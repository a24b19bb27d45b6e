from ninja import Field, Query, Router, Schema

from conum.territories.search import MAX_RESULTS, commune_label, search_communes

router = Router(tags=["Territoires"])


class CommuneSearchParams(Schema):
    q: str = Field(..., min_length=2, max_length=100, description="Début du nom de la commune, ou code postal")
    limit: int = Field(10, ge=1, le=MAX_RESULTS)


class CommuneOut(Schema):
    code: str = Field(description="Code INSEE")
    name: str
    label: str = Field(description="Libellé à proposer dans un champ commune")
    postal_codes: list[str]
    departement_code: str
    departement_name: str
    population: int
    latitude: float | None
    longitude: float | None


@router.get("/communes", response=list[CommuneOut], url_name="search_communes")
def communes(request, params: Query[CommuneSearchParams]):
    """Communes dont le nom commence par `q` (accents, tirets et « Saint »/« St » ignorés), ou dont un code
    postal commence par `q`, les plus peuplées d'abord."""
    return [
        CommuneOut(
            code=c.code,
            name=c.name,
            label=commune_label(c),
            postal_codes=c.postal_codes.split(),
            departement_code=c.departement_id,
            departement_name=c.departement.name,
            population=c.population,
            latitude=c.latitude,
            longitude=c.longitude,
        )
        for c in search_communes(params.q, params.limit)
    ]
