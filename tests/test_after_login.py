"""Where log-in lands: workspace users in the admin, jurors without a role on their round pages."""

import pytest

from accounts.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory


@pytest.mark.django_db
def test_user_with_a_role_lands_in_the_admin(client, demo_regions):
    staff = RoleAssignmentFactory(role=Role.STAF, region_code="33.12.21").user
    response = client.post("/akun/masuk/", {"username": staff.username, "password": "sandi-uji-12345"})
    assert response.status_code == 302
    assert client.get(response["Location"]).url == "/admin/"


@pytest.mark.django_db
def test_juror_without_a_role_lands_on_the_round_pages(client):
    juror = UserFactory(is_staff=False)
    response = client.post("/akun/masuk/", {"username": juror.username, "password": "sandi-uji-12345"})
    assert client.get(response["Location"]).url == "/lomba/"


def test_anonymous_visitor_is_sent_to_log_in(client):
    assert client.get("/akun/mulai/").url.startswith("/akun/masuk/")
