"""`conum import_places`: the schema's example file, Conum's own export round trip, dry run, idempotence, places
edited since their import, refused rows, URL import (a local HTTP server)."""

import csv
import io
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conum.activity.enums import Mobility, TrainingLabel
from conum.activity.models import Place
from conum.activity.places.importer import import_places
from conum.steering import opendata
from conum.territories.models import Commune
from tests.activity.factories import PlaceFactory

EXAMPLE = Path(opendata.SCHEMA_PATH).parent / "exemple-valide.csv"


@pytest.fixture
def reims(territories):
    return Commune.objects.create(
        code="51454", name="Reims", search_name="reims", departement_id="51", postal_codes="51100",
        population=177674, latitude=49.25149, longitude=4.04023,
    )  # fmt: skip


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_places", *map(str, args), stdout=out)
    return out.getvalue()


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=opendata.COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(dict.fromkeys(opendata.COLUMNS, "") | row)
    return path


def row(**values) -> dict:
    """A valid row in Limoges."""
    return {"id": "lieu-1", "pivot": "21870085600013", "nom": "Médiathèque francophone", "commune": "Limoges",
            "code_postal": "87000", "code_insee": "87085", "adresse": "2 place Aimé Césaire", "source": "Réseau 87",
            "date_maj": "2025-01-15", "services": "Aide aux démarches administratives"} | values  # fmt: skip


def test_the_schemas_example_file_is_imported_with_every_field(reims):
    output = run(EXAMPLE)
    assert "1 créé(s)" in output
    place = Place.objects.get()
    assert (place.source, place.source_id, place.structure) == ("Hubik", "structure-1", None)
    assert (place.typology, place.other_typologies) == ("TIERS_LIEUX", ["ASSO"])
    assert place.email == "contact@laquincaillerie.tl" and place.other_emails == ["responsable@laquincaillerie.tl"]
    assert place.other_websites == ["https://m.facebook.com/laquincaillerienumerique/"]
    assert place.mobility == [Mobility.MOBILE]
    assert place.training_labels == [TrainingLabel.MON_ESPACE_SANTE, TrainingLabel.ARNIA]
    assert place.other_training_labels == "Label et la bête"
    assert place.appointment_url == "https://www.rdv-solidarites.fr/"
    assert place.accesslibre_url.startswith("https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/")
    assert place.source_updated_on == date(2024, 4, 2)
    # The example's coordinates are in Aix-en-Provence, 600 km from Reims: left out, the commune's centre instead.
    assert (place.latitude, place.longitude) == (49.25149, 4.04023)
    assert "coordonnées ignoré(e)s" in output and "km de Reims" in output
    record = opendata.place_record(place)
    with EXAMPLE.open(encoding="utf-8") as file:
        example = next(csv.DictReader(file))
    differing = {key for key in opendata.COLUMNS if str(record[key]) != example[key]}
    # Only what Conum had to correct: the coordinates, and the hours written in OpenStreetMap's canonical form.
    assert differing <= {"latitude", "longitude", "horaires"}, differing


def test_conum_export_round_trip_keeps_every_field(territories, tmp_path, hired_advisor):
    """Conum's own open-data file imported into an empty database, then exported again: the same file."""
    structure = hired_advisor.structure
    PlaceFactory(structure=structure, name="Médiathèque", email="a@exemple.fr", website="https://a.exemple.fr/",
                 other_emails=["b@exemple.fr"], other_typologies=["ASSO"], mobility=[Mobility.MOBILE, Mobility.FIXED],
                 training_labels=[TrainingLabel.ORDI], other_training_labels="Label X", latitude=45.83, longitude=1.26,
                 appointment_url="https://rdv.exemple.fr/", accesslibre_url="https://acceslibre.beta.gouv.fr/x/",
                 phone="+33555123456", short_presentation="Un lieu")  # fmt: skip
    PlaceFactory(structure=structure, name="Mairie annexe", siret="21870085600013", address="1 rue Haute")
    exported = tmp_path / "conum.csv"
    exported.write_text("".join(opendata.csv_lines()), encoding="utf-8")
    before = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    Place.objects.all().delete()

    output = run(exported)
    assert "2 créé(s)" in output and "0 fusionné(s)" in output and "0 refusé(s)" in output

    after = list(csv.DictReader(io.StringIO("".join(opendata.csv_lines()))))
    assert sorted(after, key=lambda record: record["id"]) == sorted(before, key=lambda record: record["id"])


def test_json_export_round_trip(territories, tmp_path, hired_advisor):
    PlaceFactory(structure=hired_advisor.structure, other_websites=["https://b.exemple.fr/"])
    exported = tmp_path / "conum.json"
    exported.write_text("".join(opendata.json_chunks()), encoding="utf-8")
    before = json.loads(exported.read_text())
    Place.objects.all().delete()
    assert "1 créé(s)" in run(exported)
    assert json.loads("".join(opendata.json_chunks())) == before


def test_dry_run_changes_nothing_and_says_what_would_be_done(territories, tmp_path):
    path = write_csv(tmp_path / "lieux.csv", [row(), row(id="lieu-2", code_insee="99999")])
    output = run(path, "--dry-run")
    assert "Simulation" in output and "1 créé(s)" in output and "1 refusé(s)" in output
    assert "ligne 3 : refusée — Code INSEE 99999 inconnu." in output
    assert not Place.objects.exists()


def test_a_second_run_changes_nothing_and_a_changed_row_updates_in_place(territories, tmp_path):
    path = write_csv(tmp_path / "lieux.csv", [row(), row(id="lieu-2", nom="Mairie", adresse="1 rue Haute")])
    assert "2 créé(s)" in run(path)
    first = {place.source_id: (place.pk, place.updated_at) for place in Place.objects.all()}
    output = run(path)
    assert "0 créé(s), 0 mis à jour" in output and "2 inchangé(s)" in output
    assert {place.source_id: (place.pk, place.updated_at) for place in Place.objects.all()} == first
    write_csv(path, [row(nom="Médiathèque Aragon"), row(id="lieu-2", nom="Mairie", adresse="1 rue Haute")])
    assert "1 mis à jour" in run(path)
    place = Place.objects.get(source_id="lieu-1")
    assert place.pk == first["lieu-1"][0] and place.name == "Médiathèque Aragon"


def test_a_place_edited_since_its_import_is_kept_unless_forced(territories, tmp_path):
    path = write_csv(tmp_path / "lieux.csv", [row()])
    run(path)
    place = Place.objects.get()
    place.name = "Nom corrigé dans Conum"
    place.save()
    write_csv(path, [row(nom="Nom de la source")])
    output = run(path)
    assert "1 conservé(s)" in output and "--force" in output
    place.refresh_from_db()
    assert place.name == "Nom corrigé dans Conum"
    assert "1 mis à jour" in run(path, "--force")
    place.refresh_from_db()
    assert place.name == "Nom de la source"


def test_refused_rows_name_their_line_and_the_rule(territories, tmp_path):
    path = write_csv(tmp_path / "lieux.csv", [
        row(),
        row(id="", nom="Sans identifiant"),
        row(id="lieu-3", nom=""),
        row(id="lieu-4", pivot="12"),
        row(id="lieu-1", nom="Même identifiant"),
        row(id="lieu-6", code_insee="", code_postal="87999", commune="Ailleurs"),
        row(id="lieu-7", code_postal="23000"),
        row(id="lieu-8", telephone="12", horaires="Lu 9h", nom="Médiathèque bis", adresse="4 rue Basse"),
    ])  # fmt: skip
    output = run(path)
    assert "ligne 3 : refusée — Identifiant (id) manquant." in output
    assert "ligne 4 : refusée — Indiquez le nom du lieu." in output
    assert "ligne 5 : refusée — Le pivot est un SIRET" in output
    assert "ligne 6 : refusée — Identifiant « lieu-1 » déjà donné (ligne 2)." in output
    assert "ligne 7 : refusée — Commune « Ailleurs » introuvable sous le code postal « 87999 »" in output
    assert "ligne 8 : refusée — Le code postal 23000 n'est pas celui de Limoges" in output
    # Fields the place can do without are left out, with the reason.
    assert "ligne 9 : téléphone ignoré(e)s" in output and "ligne 9 : horaires ignoré(e)s" in output
    assert "2 créé(s)" in output and "6 refusé(s)" in output
    assert Place.objects.get(source_id="lieu-8").phone == ""


def test_unreadable_files_are_refused_as_a_whole(territories, tmp_path):
    bad = tmp_path / "lieux.csv"
    bad.write_text("nom,adresse\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes obligatoires du schéma absentes : id, pivot"):
        run(bad)
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(tmp_path / "absent.csv")
    broken = tmp_path / "lieux.json"
    broken.write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(CommandError, match="tableau d'objets"):
        run(broken)


class _Files(BaseHTTPRequestHandler):
    files: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        found = self.files.get(self.path)
        if found is None:
            self.send_error(404)
            return
        kind, body = found
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def file_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Files.files
    server.shutdown()
    server.server_close()
    _Files.files.clear()


def test_import_from_a_url(territories, file_server):
    base, files = file_server
    files["/lieux"] = (
        "application/json; charset=utf-8",
        json.dumps([row(latitude=45.8336, longitude=1.2611)]).encode(),
    )
    output = run(f"{base}/lieux")
    assert "1 créé(s)" in output
    place = Place.objects.get()
    assert (place.latitude, place.longitude, place.geocoding_precision) == (45.8336, 1.2611, "manual")
    with pytest.raises(CommandError, match="n'a pas pu être téléchargé"):
        run(f"{base}/absent.csv")


def test_import_places_function_reports_refusals_without_the_command(territories, tmp_path):
    report = import_places(str(write_csv(tmp_path / "l.csv", [row(pivot="")])), dry_run=True)
    assert report.refused == [("ligne 2", "Indiquez le pivot du lieu : son SIRET, ou son numéro RNA.")]
