import sys
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from . import availability
from .journal_labels import action_label
from .models import Journal
from .permissions import role_required
from .roles import Role

# Who comes to Conum and where they go. A later app makes a card live by defining its URL name.
VISITORS = [
    {
        "title": "Je cherche de l'aide avec le numérique",
        "text": "Trouvez près de chez vous un lieu et un atelier gratuits pour apprendre à utiliser un smartphone, "
        "créer une adresse e-mail, faire une démarche en ligne ou repérer une arnaque.",
        "url_name": "public:search",
        "action": "Trouver de l'aide près de chez moi",
    },
    {
        "title": "Je veux devenir conseiller numérique",
        "text": "Postulez pour être recruté par une structure d'accueil près de chez vous, puis formé et certifié. "
        "La motivation compte plus que le diplôme.",
        "url_name": "recruitment:apply",
        "action": "Déposer ma candidature",
        "waiting": "Le dépôt des candidatures ouvrira prochainement sur ce site.",
    },
    {
        "title": "Ma structure souhaite accueillir un conseiller",
        "text": "Communes, intercommunalités, départements, associations, tiers-lieux : demandez un ou plusieurs "
        "postes subventionnés par l'État, puis recrutez parmi les candidats les plus proches.",
        "url_name": "structures:apply",
        "action": "Demander un poste",
        "waiting": "Le dépôt des demandes des structures ouvrira prochainement sur ce site.",
    },
    {
        "title": "Je suis conseiller numérique",
        "text": "Gérez vos lieux d'activité, vos ateliers et leurs inscriptions, et enregistrez vos accompagnements.",
        "url_name": "accounts:login",
        "action": "Me connecter",
    },
    {
        "title": "Je pilote le programme",
        "text": "Préfectures, équipe nationale, coordinateurs : suivez les candidatures, les recrutements, "
        "les dotations et l'activité de votre territoire.",
        "url_name": "accounts:login",
        "action": "Me connecter",
    },
]


def _visitor_cards():
    cards = []
    for visitor in VISITORS:
        try:
            url = reverse(visitor["url_name"])
        except NoReverseMatch:
            url = None
        cards.append({**visitor, "url": url})
    return cards


def home(request):
    return render(request, "core/home.html", {"visitors": _visitor_cards()})


def _legal_page(template, title):
    def view(request):
        context = {
            "page_title": title,  # legal/page.html heads the text with it
            "contact_email": settings.CONTACT_EMAIL,
            "hosting_provider": settings.HOSTING_PROVIDER,
            "security_contact_email": settings.SECURITY_CONTACT_EMAIL,
        }
        return render(request, template, context)

    return view


legal_notice = _legal_page("legal/legal_notice.html", "Mentions légales")
personal_data = _legal_page("legal/personal_data.html", "Données personnelles")
accessibility = _legal_page("legal/accessibility.html", "Déclaration d'accessibilité")
security_policy = _legal_page("legal/security.html", "Sécurité et signalement de vulnérabilités")


# RFC 9116: "Expires" must be less than a year ahead; the file is generated, so it is always current.
SECURITY_TXT_VALIDITY = timedelta(days=180)


@require_GET
def security_txt(request):
    """/.well-known/security.txt: whom to tell about a vulnerability, in which language, under which policy."""
    expires = (timezone.now() + SECURITY_TXT_VALIDITY).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",  # timezone.now() is in UTC
        "Preferred-Languages: fr, en",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
        f"Policy: {settings.SITE_URL}{reverse('core:security_policy')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def error_page(request, status: int, title: str, lead: str, help_text: str):
    """A French error page in the site's layout, for refusals made before any view (middleware)."""
    context = {"error_title": title, "error_code": status, "error_lead": lead, "error_help": help_text}
    return render(request, "core/error.html", context, status=status)


def permission_denied(request, exception=None):
    return render(request, "core/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No request context: the error may come from the database or a context processor.
    if availability.database_down(sys.exc_info()[1]):  # the exception being handled
        return availability.unavailable_page()
    return HttpResponseServerError(render_to_string("core/500.html"))


JOURNAL_PER_PAGE = 50


@role_required(Role.NATIONAL_STAFF)
def journal_list(request):
    """The audit journal, newest first, filterable by action and by the object's type."""
    entries = Journal.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries, JOURNAL_PER_PAGE).get_page(request.GET.get("page"))
    actions = [
        (a, action_label(a)) for a in Journal.objects.order_by("action").values_list("action", flat=True).distinct()
    ]
    return render(request, "core/journal.html", {"page": page, "actions": actions, "action": action})
