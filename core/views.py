from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST, require_safe

from . import health, services
from .forms import FeedbackForm, TextSizeForm
from .redirects import safe_next

ONE_YEAR = 365 * 24 * 3600
ONE_DAY = 24 * 3600


@login_not_required
def home(request):
    """The landing page for visitors; 'My home' for signed-in members."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    return render(request, "core/my_home.html", services.my_home_context(request.user))


@login_not_required
@require_safe
@cache_control(public=True, max_age=ONE_DAY)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to; it is static/favicon.ico."""
    path = finders.find("favicon.ico")
    if path is None:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


@login_not_required
@require_safe
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when every service answers, else 503.

    It reads no session and no user, so it works (and says what is down) during an outage.
    """
    results = health.report()
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)


async def health_page(request):
    """The site admins' health page (core/health_page.py), imported on first use, so that
    django-health-check and its imports stay out of /healthz's first answer."""
    from .health_page import health_page as view

    return await view(request)


@login_not_required
def help_page(request):
    return render(request, "core/help.html")


@login_not_required
def terms(request):
    return render(request, "core/terms.html")


def feedback(request):
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("page", "")})
    if request.method == "POST" and form.is_valid():
        services.feedback_send(author=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: your feedback has been sent to the site team."))
        return redirect("core:home")
    return render(request, "core/feedback.html", {"form": form})


@login_not_required
@require_POST
def text_size(request):
    """Works without JavaScript: a plain form post that sets a cookie and returns to the page."""
    form = TextSizeForm(request.POST)
    back = safe_next(request, request.POST.get("next"), "/")
    response = redirect(back)
    if form.is_valid():
        response.set_cookie(
            settings.TEXT_SIZE_COOKIE,
            form.cleaned_data["size"],
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
