class RuleViolation(Exception):
    """A transition or an edit refused because it would break a rule of the programme.

    The message is French and says which rule, and by how much: views show it as a DSFR alert, or
    beside `field` when the rule is about one form field.
    """

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field
