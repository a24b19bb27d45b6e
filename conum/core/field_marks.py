"""Which fields say "(Optionnel)".

django-dsfr marks every field that Django does not require (DSFR_MARK_OPTIONAL_FIELDS). Two kinds of fields are
not required for Django yet are not optional for the person filling the form, and must not say so:
- each box of a group that needs at least one box ticked (the form checks the group, its legend says so);
- a field that the form's parser checks itself (an InputForm reads everything, then says what is missing).
They render with UNMARKED, django-dsfr's markup without the mark: `forms.CharField(…, template_name=UNMARKED)`.
A label never says "(facultatif)" itself: the mark would say it twice.
"""

UNMARKED = "core/fields/unmarked.html"
