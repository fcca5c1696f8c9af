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


# --- Innovations -------------------------------------------------------------------------------
# Role and scope only; whether the entry's status allows a transition is innovations/workflow.py's
# question (`workflow.available_actions` combines both for the buttons).

REVIEW_ACTIONS = ("approve", "return", "reject", "unpublish")
EDITABLE_STATUSES = ("draft", "returned")


def _kecamatan_code(innovation_or_code):
    return innovation_or_code if isinstance(innovation_or_code, str) else innovation_or_code.kecamatan_id


def is_staff_of(user, innovation_or_code):
    """Does the user hold the staff role of the entry's (or the code's) kecamatan?"""
    return _kecamatan_code(innovation_or_code) in staff_kecamatan_codes(user)


def reviews(user, innovation_or_code):
    """Is the entry's kecamatan inside one of the user's reviewer scopes?"""
    code = _kecamatan_code(innovation_or_code)
    return any(in_region(code, scope) for scope in scopes(user, Role.REVIEWER))


def innovation_region_q(codes):
    """A Q matching entries inside any of the region `codes`, through the entry's own region columns."""
    q = Q(pk__in=[])
    for code in codes:
        if code == "":
            return Q()
        field = {1: "provinsi_id", 2: "kabupaten_id", 3: "kecamatan_id"}.get(code.count(".") + 1)
        if field:
            q |= Q(**{field: code})
    return q


def innovations_in_workspace(user, qs=None):
    """The entries the user works on in the admin: administrators all; staff their kecamatan's,
    whatever the status; reviewers everything past draft inside their scope; editors the
    published ones (they link them from articles and awards). Nothing for anyone else."""
    from innovations.models import Innovation

    qs = Innovation.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    q = Q(pk__in=[])
    staff_codes = staff_kecamatan_codes(user)
    if staff_codes:
        q |= Q(kecamatan_id__in=staff_codes)
    reviewer_scopes = scopes(user, Role.REVIEWER)
    if reviewer_scopes:
        q |= innovation_region_q(reviewer_scopes) & ~Q(status=Innovation.Status.DRAFT)
    if is_editor(user):
        q |= Q(status=Innovation.Status.PUBLISHED)
    return qs.filter(q)


def innovations_visible_to(user, qs=None):
    """Everything the user may see anywhere: the published entries plus the workspace ones."""
    from innovations.models import Innovation

    qs = Innovation.objects.all() if qs is None else qs
    if is_admin(user):
        return qs
    return qs.filter(Q(status=Innovation.Status.PUBLISHED) | Q(pk__in=innovations_in_workspace(user).values("pk")))


def review_queue(user, qs=None):
    """Submitted entries waiting for this reviewer (or administrator), oldest submission first."""
    from innovations.models import Innovation

    qs = Innovation.objects.all() if qs is None else qs
    qs = qs.filter(status=Innovation.Status.SUBMITTED).order_by("submitted_at", "id")
    if is_admin(user):
        return qs
    reviewer_scopes = scopes(user, Role.REVIEWER)
    if not reviewer_scopes:
        return qs.none()
    return qs.filter(innovation_region_q(reviewer_scopes))


def may_view(user, innovation):
    """Published entries are public; any other only inside the user's workspace."""
    if innovation.status == "published":
        return True
    return may_view_in_workspace(user, innovation)


def may_view_in_workspace(user, innovation):
    """May the user open the entry in the admin (and its history)?"""
    if is_admin(user) or is_staff_of(user, innovation):
        return True
    if innovation.status != "draft" and reviews(user, innovation):
        return True
    return innovation.status == "published" and is_editor(user)


def may_create(user, kecamatan_code=None):
    """May the user start an entry (of that kecamatan, when given)?"""
    if is_admin(user):
        return True
    codes = staff_kecamatan_codes(user)
    return bool(codes) if kecamatan_code is None else kecamatan_code in codes


def may_edit(user, innovation):
    """Content changes: staff of the kecamatan while draft or returned; administrators always.
    Reviewers and editors never edit the content."""
    if is_admin(user):
        return True
    return is_staff_of(user, innovation) and innovation.status in EDITABLE_STATUSES


def may_delete(user, innovation):
    """Staff may throw away their own draft; administrators anything (it stays recoverable)."""
    if is_admin(user):
        return True
    return is_staff_of(user, innovation) and innovation.status == "draft"


def may_submit(user, innovation):
    """Submit or resubmit: staff of the kecamatan (and administrators)."""
    return is_admin(user) or is_staff_of(user, innovation)


def may_review(user, innovation, action="approve"):
    """Approve, return, reject or unpublish: reviewers whose scope holds the kecamatan."""
    if action not in REVIEW_ACTIONS:
        raise ValueError(f"unknown review action {action!r}")
    return is_admin(user) or reviews(user, innovation)


def may_add_progress(user, innovation):
    """Dated progress updates: the kecamatan's staff, once the entry is submitted or published."""
    return (is_admin(user) or is_staff_of(user, innovation)) and innovation.status in ("submitted", "published")


def may_review_progress(user, innovation):
    return is_admin(user) or reviews(user, innovation)


def may_revert(user, innovation):
    """Bring back an older version: whoever may edit the entry now."""
    return may_edit(user, innovation)


def may_recover(user, kecamatan_code):
    """Bring back a deleted entry: administrators only (the deleted entry's kecamatan is given
    for the day other roles get it)."""
    return is_admin(user)


def may_act(user, innovation, action):
    """One entry point for the permission matrix: `action` is one of ACTIONS."""
    checks = {
        "view": may_view,
        "view_workspace": may_view_in_workspace,
        "edit": may_edit,
        "delete": may_delete,
        "submit": may_submit,
        "resubmit": may_submit,
        "add_progress": may_add_progress,
        "review_progress": may_review_progress,
        "revert": may_revert,
        "recover": lambda u, i: may_recover(u, i.kecamatan_id),
    }
    if action in REVIEW_ACTIONS:
        return may_review(user, innovation, action)
    return checks[action](user, innovation)


ACTIONS = ("view", "view_workspace", "edit", "delete", "submit", "resubmit", *REVIEW_ACTIONS,
           "add_progress", "review_progress", "revert", "recover")


# --- Award rounds (rounds/) -------------------------------------------------------------------
# The round's state (open, judging, closed) is rounds/services.py's question; these answer role
# and scope only. A juror's scope is the round of their JurorAssignment.

def may_manage_round(user):
    """Organise rounds (set up, administrative check, shortlist, close, publish): editors and administrators."""
    return is_editor(user)


def may_enter_innovation(user, innovation):
    """Enter an innovation into a round: staff of its kecamatan, and only once it is published."""
    return innovation.status == "published" and is_staff_of(user, innovation)


def may_see_entry_as_entrant(user, entry):
    """The entrant's view of an entry (stage, administrative result and reason): its kecamatan's staff."""
    return is_staff_of(user, entry.kecamatan_id)


def is_juror_of(user, assignment):
    return assignment is not None and user.is_authenticated and assignment.user_id == user.pk


def may_score(user, assignment, entry, category_ids):
    """Score an entry (and record a field visit): the juror assigned to the entry's round and category,
    unless the juror comes from the entry's kecamatan or kabupaten/kota (conflict of interest).
    `category_ids` are the assignment's categories (empty: all of them)."""
    return (
        is_juror_of(user, assignment)
        and assignment.round_id == entry.round_id
        and assignment.judges_category(category_ids, entry.category_id)
        and not assignment.has_conflict(entry)
    )
