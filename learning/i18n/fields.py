"""Form fields for text that people type: normalised once, the same way in every form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from learning.i18n.text import normalise
from learning.i18n.translations import current_language

KEEP = "keep"
CONVERT = "convert"


class PersonTextField(StringField):
    """A text field for names and places: NFC, Zawgyi converted when sure and confirmed when unsure.

    When the detector is unsure, the form is shown again with both spellings; the person's choice comes back
    in ``<name>-zawgyi`` (``convert`` or ``keep``).
    """

    def __init__(self, *args, text_language: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_language = text_language
        self.suggestion: str | None = None
        self.typed: str | None = None

    @property
    def choice_name(self) -> str:
        return f"{self.name}-zawgyi"

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        self.suggestion = None
        if formdata is None or self.raw_data is None or not self.raw_data:
            return
        typed = self.raw_data[0] or ""
        self.typed = typed
        result = normalise(typed, language=self.text_language or current_language())
        self.data = result.text
        if result.suggestion:
            choice = formdata.get(self.choice_name)
            if choice == CONVERT:
                self.data = result.suggestion
            elif choice != KEEP:
                self.suggestion = result.suggestion

    def pre_validate(self, form):
        if self.suggestion:
            raise ValidationError(
                _l("This may have been typed in Zawgyi. Choose the spelling that looks right, then save again.")
            )
