"""Work Rasa 3.6 repeats on every turn without need, removed inside the Rasa process.

Installed by bot/log_privacy.py before Rasa starts (the same wrapper runs every Signaal process).
Measured with py-spy on a live turn (docs/benchmarks-chat.md):

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks the
  constant response schema itself against the JSON Schema meta-schema: 17 % of the Rasa
  process's time per turn. Here the schema is checked once and its validator reused; every
  action server response is still validated exactly as before.
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    original = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)  # Rasa's own path builds its error message

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
