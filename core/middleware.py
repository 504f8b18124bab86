"""Django's LoginRequiredMiddleware, asking the view before the session."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every view needs sign-in unless decorated `@login_not_required`, as in Django.

    Django reads `request.user` (the session, so the database) before it looks at the view's
    decorator. Asking the decorator first means a public view that never reads the session, such
    as /healthz, never touches the session store: it answers while the database is down, and its
    response does not vary on the cookie.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
