"""Two journalists editing one speaker's record: the later save, based on
the version the form was opened at, is refused (409) with what the other
person changed, as the claim editor refuses it for a claim, and the form
comes back ready to save on purpose."""

import pytest
from django.test import Client
from django.urls import reverse

from claims.domain.speakers import merge_speakers
from claims.models import Speaker
from tests.factories import make_speaker, make_user
from tests.parsing import form_values, parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return make_speaker(name="Lavrov", aliases=["S. Lavrov"], description="Russian diplomat.")


@pytest.fixture
def amal(client):
    client.force_login(make_user(groups=["Journalist"], username="amal"))
    return client


@pytest.fixture
def boris():
    other = Client()
    other.force_login(make_user(groups=["Journalist"], username="boris"))
    return other


def edit_url(speaker: Speaker) -> str:
    return reverse("workspace:speaker-edit", args=[speaker.pk])


def opened(client: Client, speaker: Speaker) -> dict[str, str]:
    """The edit form as a journalist opens it."""
    response = client.get(edit_url(speaker))
    assert response.status_code == 200
    return form_values(response.content)


def conflict_rows(content) -> dict[str, tuple[str, str]]:
    """The conflict's table: each field's value before and after the other save."""
    box = next(e for e in parse(content).iter() if "conflict" in (e.get("class") or "").split())
    return {
        text_of(row.find("th")): tuple(text_of(cell) for cell in row.findall("td"))
        for row in box.iter("tr")
        if row.findall("td")
    }


def test_a_fresh_edit_is_saved_and_moves_the_version_on(amal, speaker):
    form = opened(amal, speaker)
    assert form["version"] == str(speaker.version)
    response = amal.post(edit_url(speaker), form | {"description": "Foreign Minister of Russia."})
    assert response.status_code == 302
    stored = Speaker.objects.get(pk=speaker.pk)
    assert stored.description == "Foreign Minister of Russia."
    assert stored.version == speaker.version + 1


def test_a_stale_edit_is_refused_with_the_other_persons_change_named(amal, boris, speaker):
    mine, theirs = opened(amal, speaker), opened(boris, speaker)
    assert (
        boris.post(edit_url(speaker), theirs | {"description": "Foreign Minister of Russia."}).status_code
        == 302
    )

    refused = amal.post(edit_url(speaker), mine | {"name": "Sergei Lavrov"})
    assert refused.status_code == 409
    content = refused.content.decode()
    assert "boris saved this speaker" in text_of(parse(content))
    assert conflict_rows(content) == {"Description": ("Russian diplomat.", "Foreign Minister of Russia.")}
    stored = Speaker.objects.get(pk=speaker.pk)
    assert (stored.name, stored.description) == ("Lavrov", "Foreign Minister of Russia.")

    # The form is at the version now stored, with her new name and, where she
    # changed nothing, his description: saving it again keeps both changes.
    again = form_values(content)
    assert again["version"] == str(stored.version)
    assert (again["name"], again["description"]) == ("Sergei Lavrov", "Foreign Minister of Russia.")
    assert amal.post(edit_url(speaker), again).status_code == 302
    stored.refresh_from_db()
    assert (stored.name, stored.description, stored.aliases) == (
        "Sergei Lavrov",
        "Foreign Minister of Russia.",
        ["S. Lavrov"],
    )


def test_where_both_changed_a_field_saving_again_keeps_the_later_value(amal, boris, speaker):
    mine, theirs = opened(amal, speaker), opened(boris, speaker)
    boris.post(edit_url(speaker), theirs | {"aliases": "Сергей Лавров"})
    refused = amal.post(edit_url(speaker), mine | {"aliases": "S. Lavrov\nSergey Lavrov"})
    assert refused.status_code == 409
    assert conflict_rows(refused.content) == {"Aliases": ("S. Lavrov", "Сергей Лавров")}
    again = form_values(refused.content)
    assert again["aliases"].splitlines() == ["S. Lavrov", "Sergey Lavrov"]
    assert amal.post(edit_url(speaker), again).status_code == 302
    assert Speaker.objects.get(pk=speaker.pk).aliases == ["S. Lavrov", "Sergey Lavrov"]


def test_a_merge_into_the_speaker_makes_an_open_form_stale(amal, speaker, journalist):
    form = opened(amal, speaker)
    merge_speakers(survivor=speaker, duplicate=make_speaker(name="Сергей Лавров"), by=journalist)

    refused = amal.post(edit_url(speaker), form | {"description": "Foreign Minister."})
    assert refused.status_code == 409
    assert conflict_rows(refused.content)["Aliases"] == ("S. Lavrov", "S. Lavrov, Сергей Лавров")
    # Her form now holds the merged aliases, so saving it does not undo the merge.
    assert form_values(refused.content)["aliases"].splitlines() == ["S. Lavrov", "Сергей Лавров"]


def test_an_edit_without_its_version_is_refused_readably(amal, speaker):
    form = opened(amal, speaker)
    del form["version"]
    response = amal.post(edit_url(speaker), form | {"name": "Sergei Lavrov"})
    assert response.status_code == 422
    assert "reload the page and edit again" in response.content.decode()
    assert Speaker.objects.get(pk=speaker.pk).name == "Lavrov"
