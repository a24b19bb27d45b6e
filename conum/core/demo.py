"""Demo volumes: CONUM_DEMO_SCALE (default 1) multiplies the demo's numbers of structures, candidates and
activity reports. The test of `conum demo` builds a demo 25 times smaller (0.04); `uv run conum demo` keeps
its realistic volumes. Territories and the programme are always loaded in full."""

import datetime
import functools
import operator
import os

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.test import override_settings
from django.utils import timezone
from tqdm import tqdm

NATIONAL_STAFF_EMAIL = "equipe-nationale@demo.conum.fr"  # a demo account of conum/accounts/demo.py


def scale() -> float:
    value = os.environ.get("CONUM_DEMO_SCALE", "").strip() or "1"
    try:
        factor = float(value)
    except ValueError:
        factor = 0
    if not 0 < factor <= 1:
        raise ImproperlyConfigured(f"CONUM_DEMO_SCALE={value!r} : un nombre entre 0 (exclu) et 1 est attendu.")
    return factor


def scaled(volume: int) -> int:
    """`volume` times the demo scale, at least 1."""
    return max(1, round(volume * scale()))


def once(model, present: str):
    """A demo step's `populate(out)` that runs on a database without `model` rows; where the demo ran before,
    it only writes "✓ <present> (<their count>)"."""

    def decorate(populate):
        @functools.wraps(populate)
        def run(out):
            count = model.objects.count()
            if count:
                out.write(f"✓ {present} ({count})")
                return None
            return populate(out)

        return run

    return decorate


def progress(iterable, label: str, total: int | None = None):
    """A demo step's long loop, with a bar on the terminal (none in a log or a test's captured output)."""
    return tqdm(
        iterable,
        desc=label,
        total=total,
        leave=False,
        disable=None,  # off when stderr is not a terminal
        bar_format="… {desc} : {percentage:3.0f} % |{bar:30}| {n_fmt}/{total_fmt}, encore {remaining}",
    )


# Fields whose Python values (int, str, bool, None) the database drivers take as they are.
PLAIN_FIELDS = {
    models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField, models.SmallIntegerField,
    models.BigIntegerField, models.PositiveBigIntegerField, models.CharField, models.TextField, models.BooleanField,
    models.AutoField, models.BigAutoField,
}  # fmt: skip


def _plain(field) -> bool:
    if field.is_relation:
        return type(field) is models.ForeignKey and type(field.target_field) in PLAIN_FIELDS
    return type(field) in PLAIN_FIELDS


def insert_all(model, objects, batch_size: int = 2000) -> int:
    """Insert new rows of `model` as bulk_create would, without its preparation of every value of every row
    (most of its time on wide rows: 200,000 activity reports of 40 columns, rollups of 90). `objects`: unsaved
    instances, or dicts {attname: value} (the fields left out take their default). Plain values go to the
    driver as they are; the others through their field's `get_db_prep_save`, once per distinct value; the
    auto_now and auto_now_add fields take the time of the call. The primary key is left to the database, and
    not read back. Call it inside a transaction: on SQLite each row would otherwise be a commit of its own."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    names = [field.attname for field in fields]
    read = operator.attrgetter(*names) if len(names) > 1 else lambda obj: [getattr(obj, names[0])]
    defaults = [field.get_default() for field in fields]
    converters = [(index, _converter(field)) for index, field in enumerate(fields) if not _plain(field)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )

    def values(obj) -> list:
        row = (
            [obj.get(name, default) for name, default in zip(names, defaults, strict=True)]
            if isinstance(obj, dict)
            else list(read(obj))
        )
        for index, convert in converters:
            row[index] = convert(row[index])
        return row

    count, batch = 0, []
    with connection.cursor() as cursor:
        for obj in objects:
            batch.append(values(obj))
            if len(batch) == batch_size:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
    return count + len(batch)


def _converter(field):
    """The database value of a value of `field`, computed once per distinct value (a few hundred dates for
    200,000 rows); a constant "now" for auto_now fields, as their `pre_save` gives."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now() if isinstance(field, models.DateTimeField) else datetime.date.today()
        prepared = field.get_db_prep_save(now, connection)
        return lambda value: prepared
    cache = {}

    def convert(value):
        key = (type(value), tuple(value) if isinstance(value, list) else value)
        try:
            return cache[key]
        except KeyError:
            cache[key] = prepared = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # not hashable
            return field.get_db_prep_save(value, connection)

    return convert


def quiet_emails():
    """The workflow's e-mails sent while the demo data is built are kept in memory, not printed on the console."""
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")


def national_staff():
    """The national team's demo account, who takes the national decisions of the demo data."""
    return get_user_model().objects.get(email=NATIONAL_STAFF_EMAIL)


def populate(out):
    if scale() != 1:
        out.write(f"✓ Volumes de démonstration réduits : × {scale():g} (CONUM_DEMO_SCALE)")
