"""French labels of journal actions, registered by each app's AppConfig (core.apps.LabelledAppConfig)."""

ACTION_LABELS: dict[str, str] = {}


def register_labels(labels: dict[str, str]) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
