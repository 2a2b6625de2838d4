"""Users in each role, as the access tests need them: the editorial groups made by migration 0003, and a user of
another group that has admin access and nothing else."""

import pytest
from django.contrib.auth.models import Group, Permission

from articles.permissions import ADMINS, CONTRIBUTORS, EDITORS


@pytest.fixture
def people(django_user_model):
    def member(name: str, group: Group):
        user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
        user.groups.add(group)
        return user

    sales = Group.objects.create(name="Sales")
    sales.permissions.add(Permission.objects.get(codename="access_admin"))
    return {
        "other": member("sam", sales),
        "contributor": member("casey", Group.objects.get(name=CONTRIBUTORS)),
        "editor": member("eddie", Group.objects.get(name=EDITORS)),
        "admin": member("ada", Group.objects.get(name=ADMINS)),
    }
