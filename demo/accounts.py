"""Demo accounts, one per role of the stories (development only; load_demo refuses production).

Every account gets the password from DEMO_PASSWORD (default "inovasi-demo-2025") and
is_staff, so it can enter the admin; what each may do there is decided by
accounts/permissions.py from its role assignment, not by Django's per-model permissions.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import Role, RoleAssignment

DEFAULT_PASSWORD = "inovasi-demo-2025"

# username, first name (shown in e-mails), role, region code
ACCOUNTS = [
    ("admin", "Administrator Portal", Role.ADMIN, ""),
    ("staf.jatipurno", "Staf Kecamatan Jatipurno", Role.STAF, "33.12.21"),
    ("staf.kawedanan", "Staf Kecamatan Kawedanan", Role.STAF, "35.20.05"),
    ("reviewer.wonogiri", "Reviewer Kabupaten Wonogiri", Role.REVIEWER, "33.12"),
    ("reviewer.jatim", "Reviewer Provinsi Jawa Timur", Role.REVIEWER, "35"),
    ("editor.forcasi", "Editor FORCASI", Role.EDITOR, ""),
]


def demo_password():
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def load(stdout):
    """Create the accounts that are missing; an existing account keeps its password. Rows written."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo accounts are never created in production.")
    User = get_user_model()
    written = 0
    for username, name, role, region in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=name, email=f"{username}@demo.inovasi.local",
                        is_staff=True, is_superuser=(role == Role.ADMIN))
            user.set_password(demo_password())
            user.save()
            written += 1
        _, created = RoleAssignment.objects.get_or_create(user=user, role=role, region_code=region)
        written += created
    if written:
        stdout.write(f"Akun demo: {written} baris ditulis (sandi dari DEMO_PASSWORD).")
    return written
