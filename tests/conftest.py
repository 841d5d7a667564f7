import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def journalist(db) -> User:
    user = User.objects.create_user("jo", password="pw-journalist-1")
    user.groups.add(Group.objects.get(name="Journalist"))
    return user


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("ed", password="pw-editor-1")
    user.groups.add(Group.objects.get(name="Editor"))
    return user
