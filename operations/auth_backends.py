"""The log-in guard of django-axes, tolerant of in-process authentication without a request."""

from axes.backends import AxesStandaloneBackend


class LoginAttemptBackend(AxesStandaloneBackend):
    """Refuses locked-out user name and address pairs; lets through calls that carry no request.

    Every log-in over HTTP (the portal's log-in page and the admin's) passes the request.
    Calls without one come from code in the same process (the test client's `login()`, a
    shell), where there is no visitor address to lock; axes would raise an error there.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
