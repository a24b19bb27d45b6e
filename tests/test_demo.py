"""`uv run conum demo` on a fresh machine: sets everything up, prints the accounts, reuses the database.

The demo is built 20 times smaller (CONUM_DEMO_SCALE=0.05: structures, candidates, activity reports), so that
the test stays short; territories and the programme are loaded in full, as in the real demo. (At 0.04 no validated
structure of Haute-Vienne is drawn: the demo structure account, and so the demo advisor, would have none.)"""

import os
import re
import sqlite3
import subprocess
import sys

import pytest

# The demo always runs on its own SQLite file (DATABASE_URL is dropped), whatever the test database.
pytestmark = pytest.mark.system

SCALE = 0.05


def _demo(var_dir, command=("demo", "--no-serve")):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "TASKS_BACKEND", "SECRET_KEY")}
    env["CONUM_VAR_DIR"] = str(var_dir)
    env["CONUM_DEMO_SCALE"] = str(SCALE)
    return subprocess.run(
        [sys.executable, "-m", "conum.cli", *command], env=env, capture_output=True, text=True, timeout=600
    )


def test_demo_sets_up_then_reuses_the_database(tmp_path):
    first = _demo(tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "conum.sqlite3").exists()
    assert f"Volumes de démonstration réduits : × {SCALE:g} (CONUM_DEMO_SCALE)" in first.stdout
    assert "35014 communes" in first.stdout
    assert "109 dotations départementales créées (4000 postes)" in first.stdout
    assert "Comptes de démonstration : 7 créés" in first.stdout
    for email in ["equipe-nationale@demo.conum.fr", "prefecture-87@demo.conum.fr", "candidat@demo.conum.fr"]:
        assert email in first.stdout
    assert "mot de passe commun : demo-conum-2026" in first.stdout
    hires = next(line for line in first.stdout.splitlines() if "Contrats de démonstration" in line)
    in_post = int(hires.split(" conseillers en poste")[0].rsplit(" ", 1)[-1])
    assert 300 * SCALE <= in_post <= 500 * SCALE, hires  # "about 400 advisors in post", times the scale
    # French labels, room left in Haute-Vienne's quota, the candidate account's candidacy.
    assert not re.search(r"\b(validated|submitted|further_review|opinion_given|refused)\b", first.stdout)
    available = re.search(r"Dotation de la Haute-Vienne : .*, (\d+) disponibles", first.stdout)
    assert available and int(available.group(1)) >= 10, first.stdout
    assert "Candidature du compte candidat : proposée à" in first.stdout
    # It ends with the address and the accounts, the password once.
    ending = first.stdout[first.stdout.index("Conum : http://127.0.0.1:8000/") :]
    assert ending.count("demo-conum-2026") == 1 and "uv run conum demo_code <e-mail>" in ending

    # The rollups inserted in bulk are what `conum rebuild_rollups` computes; the build's pragmas are gone.
    check = _demo(tmp_path, ("rebuild_rollups", "--dry-run"))
    assert check.returncode == 0 and "Aucune différence" in check.stdout, check.stdout + check.stderr
    with sqlite3.connect(tmp_path / "conum.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        _assert_files_are_linked_coherently(database)

    second = _demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Territoires déjà chargés" in second.stdout
    assert "Programme : déjà en place" in second.stdout
    assert "0 créés, 7 déjà présents" in second.stdout
    assert "Conseillers déjà présents" in second.stdout


def _assert_files_are_linked_coherently(database):
    """The demo advisor's structure keeps a dozen files, each linked to one to four one-person reports of that
    structure (the first one not "returning"); Martine's holds the appointment she came to and its report, and her
    next appointment, booked with the same e-mail, is on no file."""
    advisor_structure = database.execute(
        "SELECT a.structure_id FROM recruitment_advisor a JOIN accounts_user u ON u.id = a.user_id "
        "WHERE u.email = 'conseiller@demo.conum.fr'"
    ).fetchone()[0]
    files = dict(database.execute("SELECT id, structure_id FROM activity_beneficiary").fetchall())
    assert len(files) == 12 and set(files.values()) == {advisor_structure}
    links = database.execute(
        "SELECT beneficiary_id, structure_id, participants, returning_participants FROM activity_activityreport "
        "WHERE beneficiary_id IS NOT NULL AND deleted_at IS NULL ORDER BY beneficiary_id, date, id"
    ).fetchall()
    by_file = {}
    for beneficiary, structure, participants, returning in links:
        by_file.setdefault(beneficiary, []).append(returning)
        assert structure == files[beneficiary] and participants == 1
    assert by_file.keys() == files.keys()
    for answers in by_file.values():
        assert 1 <= len(answers) <= 4 and answers == [0] + [1] * (len(answers) - 1), answers
    martine = database.execute("SELECT id FROM activity_beneficiary WHERE name = 'Martine'").fetchone()[0]
    appointments = database.execute(
        "SELECT a.status, a.beneficiary_id, r.beneficiary_id FROM activity_appointment a "
        "LEFT JOIN activity_activityreport r ON r.id = a.report_id WHERE a.email = 'martine@exemple.fr' "
        "ORDER BY a.starts_at"
    ).fetchall()
    assert appointments == [("attended", martine, martine), ("booked", None, None)]
