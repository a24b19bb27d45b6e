from .setup import load_programme_defaults


def populate(out):
    done = load_programme_defaults(with_quotas=True)
    out.write("✓ Programme : " + ("; ".join(done) if done else "déjà en place"))
