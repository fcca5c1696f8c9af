"""The one place that answers "may this user do this to that object?".

Admin classes, views, workflow functions and tests all ask here. Scope rules:
a staff member acts inside one kecamatan; a reviewer inside a kabupaten/kota, a provinsi
or the whole country (empty region code); editors and administrators portal-wide.
"""

from django.db.models import Q

from accounts.models import Role


def in_region(code, scope):
    """True when the region `code` lies inside `scope` ("" is the whole country)."""
    return scope == "" or code == scope or code.startswith(scope + ".")


def assignments(user):
    """The user's (role, region_code) pairs, read once per request-bound user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = tuple(user.role_assignments.values_list("role", "region_code"))
        user._role_assignments = cached
    return cached


def scopes(user, role):
    """Region codes over which the user holds `role`."""
    return [code for r, code in assignments(user) if r == role]


def is_admin(user):
    return bool(getattr(user, "is_superuser", False) and user.is_active) or bool(scopes(user, Role.ADMIN))


def is_editor(user):
    return is_admin(user) or bool(scopes(user, Role.EDITOR))


def is_reviewer(user):
    return bool(scopes(user, Role.REVIEWER))


def staff_kecamatan_codes(user):
    return scopes(user, Role.STAF)


def may_use_workspace(user):
    """May the user enter the staff back office (the admin) at all?"""
    return bool(assignments(user)) or is_admin(user)


def region_q(field, codes):
    """A Q matching rows whose `field` (a region code) lies inside any of `codes`."""
    q = Q(pk__in=[])
    for code in codes:
        if code == "":
            return Q()
        q |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return q
