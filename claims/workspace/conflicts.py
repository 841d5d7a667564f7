"""A form refused for an edit conflict, made ready to be saved again.

When someone saved the object after the journalist opened the form
(``claims.domain.editing.EditConflict``), the form comes back holding what
the journalist typed, at the version now stored, so that saving again goes
through, but only on purpose, after reading the other person's changes.
"""

from __future__ import annotations

from django import forms

from claims.domain.editing import EditConflict, as_it_was


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
    hold; a form without them keeps everything typed. A form whose data
    spells a value otherwise than its id, its ISO date or its text (a list
    as lines) says how with ``as_data(instance, name)``."""
    current = conflict.instance
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    names = getattr(form, "saved_fields", ())
    expected = getattr(form, "cleaned_data", {}).get("version")
    base = as_it_was(current, expected) if names and expected else None
    if base is not None:
        spell = getattr(form, "as_data", None) or _stored_as_data
        for name in names:
            attname = current._meta.get_field(name).attname
            if _as_data(form.cleaned_data.get(name)) == _as_data(getattr(base, attname)):
                data[form.add_prefix(name)] = spell(current, name)
                if name == "speaker":
                    data[form.add_prefix("speaker_name")] = current.speaker.name
    return type(form)(data, prefix=form.prefix, **kwargs)


def _stored_as_data(instance, name: str) -> str:
    return _as_data(getattr(instance, instance._meta.get_field(name).attname))
