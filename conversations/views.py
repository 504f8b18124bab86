from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import is_site_admin
from communities.rules import refuse
from communities.views import community_view
from core.errors import Invalid
from core.redirects import safe_next
from richtext.sanitise import html_to_text

from . import services
from .forms import DecisionForm, ReportForm
from .models import Report
from .targets import load_target

QUEUE_PAGE_SIZE = 20


@require_POST
def helpful(request, kind, pk):
    target = load_target(kind, pk, request.user)
    if not target.can_react(request.user):
        if request.user.pk == target.author_id:
            refuse("own_helpful")
        refuse("helpful_members")
    marked = services.reaction_toggle(user=request.user, target=target)
    messages.success(
        request,
        _("You marked this as helpful.") if marked else _("You took back your “helpful” mark."),
    )
    back = f"{target.get_absolute_url()}"
    return redirect(safe_next(request, request.POST.get("next"), back))


def report(request, kind, pk):
    target = load_target(kind, pk, request.user)
    if not target.can_report(request.user):
        refuse("cannot_report")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            community = target.report_community_for(request.user)
            who = (
                _("the facilitators of %(community)s") % {"community": community.name}
                if community
                else _("the site team")
            )
            messages.success(
                request, _("Thank you. Your report has been sent to %(who)s.") % {"who": who}
            )
            return redirect(target.get_absolute_url())
    return render(
        request,
        "conversations/report.html",
        {
            "form": form,
            "target": target,
            "excerpt": html_to_text(getattr(target, "body", ""))[:300],
        },
    )


def _queue_context(request, reports):
    show = request.GET.get("show", "open")
    if show != "all":
        reports = reports.open()
    reports = reports.select_related("reporter", "community", "target_type").prefetch_related(
        "target"
    )
    page = Paginator(reports, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        target = item.target
        item.target_text = html_to_text(getattr(target, "body", ""))[:400] if target else ""
    return {
        "page_obj": page,
        "show": show,
        "query_string": "show=all" if show == "all" else "",
        "decision_form": DecisionForm(),
    }


@community_view("moderate")
def queue(request, community, access):
    reports = Report.objects.visible_to(request.user).filter(community=community)
    context = {"community": community, "access": access, "active_tab": None}
    context.update(_queue_context(request, reports))
    return render(request, "conversations/queue.html", context)


def site_queue(request):
    if not is_site_admin(request.user):
        raise PermissionDenied(_("Only site administrators see reports about personal blogs."))
    reports = Report.objects.visible_to(request.user).filter(community__isnull=True)
    return render(request, "conversations/site_queue.html", _queue_context(request, reports))


@require_POST
def decide(request, pk):
    report = Report.objects.visible_to(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    form = DecisionForm(request.POST)
    back = (
        reverse("conversations:queue", kwargs={"slug": report.community.slug})
        if report.community_id
        else reverse("conversations:site_queue")
    )
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the reported item."))
        return redirect(back)
    try:
        services.report_decide(report=report, by=request.user, action=form.cleaned_data["action"])
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Done: %(state)s.") % {"state": str(report.get_state_display()).lower()}
        )
    return redirect(back)
