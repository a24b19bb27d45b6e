from tests.activity.conftest import advisor, hired_advisor, limoges_application, other_advisor, place  # noqa: F401
