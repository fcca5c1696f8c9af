"""Where a user lands after logging in: the admin workspace, or the award rounds for jurors only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from accounts.permissions import may_use_workspace


@login_required
def after_login(request):
    """Users with a role work in the admin; a juror without one has only the round pages (/lomba/)."""
    if may_use_workspace(request.user) or request.user.is_staff:
        return redirect("admin:index")
    return redirect("rounds:index")
