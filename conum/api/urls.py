from ninja import NinjaAPI

from . import errors
from .territories import router as territories_router

api = NinjaAPI(
    title="API Conum",
    version="1",
    description="API publique du programme Conseiller numérique France Services.",
    urls_namespace="api",
)
api.add_router("/", territories_router)
errors.register(api)
