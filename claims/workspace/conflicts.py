"""A form refused for an edit conflict, made ready to be saved again.

When someone saved the object after the journalist opened the form
(``claims.domain.editing.EditConflict``), the form comes back holding what
the journalist typed, at the version now stored, so that saving again goes
through, but only on purpose, after reading the other person's changes.
"""

from __future__ import annotations

from django import forms

from claims.domain.editing import EditConflict


def _as_data(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def at_version(form: forms.BaseForm, conflict: EditConflict, **kwargs) -> forms.BaseForm:
    """``form`` again, built with ``kwargs``, at the version now stored.

    It holds what the journalist changed and, in the fields they left alone,
    the other person's values: saving again then overwrites only what both
    of them changed, which the conflict lists. The fields merged so are the
    form's ``saved_fields``, form fields named as the model fields they
    hold; a form without them keeps everything typed."""
    current = conflict.instance
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    names = getattr(form, "saved_fields", ())
    expected = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
    base = None
    if names:
        base = current.history.filter(version=expected).order_by("-history_date", "-history_id").first()
    if base is not None:
        for name in names:
            attname = current._meta.get_field(name).attname
            mine = _as_data(form.cleaned_data.get(name))
            if mine == _as_data(getattr(base, attname)):
                data[form.add_prefix(name)] = _as_data(getattr(current, attname))
                if name == "speaker":
                    data[form.add_prefix("speaker_name")] = current.speaker.name
    return type(form)(data, prefix=form.prefix, **kwargs)
