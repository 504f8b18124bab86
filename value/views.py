"""Stories and sponsor reports. Items are loaded through their own visibility rule
(targets.load_item), communities through community_view, stories through Story.objects.visible_to;
a story's words are shown only to its author and the community's facilitators (and site admins)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from communities.models import is_site_admin
from communities.rules import CommunityAccess
from communities.views import community_view
from core.errors import Invalid, NotAllowed

from . import csvfile, report, services
from .forms import AnswerForm, ReportPeriodForm, StoryForm
from .models import Sharing, Story
from .targets import load_item, telling_refusal

STORIES_PAGE_SIZE = 20


def _own_story(user, pk):
    story = (
        Story.objects.visible_to(user).filter(pk=pk, user=user).select_related("community").first()
    )
    if story is None:
        raise Http404("No such story.")
    return story


def _initial(story):
    if story is None:
        return {}
    return {
        "helped_with": story.helped_with,
        "saved_amount": story.amount_text,
        "saved_unit": story.saved_unit,
    }


def helped(request, kind, pk):
    """ "This helped me" about one item, with an optional story: tell it, change it, or take it
    back."""
    item = load_item(kind, pk, request.user)
    story = Story.objects.about(item).by(request.user).first()
    access = CommunityAccess(request.user, item.community)
    reason = telling_refusal(item, request.user, access)
    if reason and (request.method == "POST" or story is None):
        raise NotAllowed(reason)
    form = StoryForm(request.POST or None, initial=_initial(story))
    if request.method == "POST" and form.is_valid():
        try:
            services.story_save(user=request.user, item=item, **form.cleaned_data)
        except Invalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your story is saved.") if story else _("Thank you: you said this helped you."),
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "value/helped.html",
        {
            "form": form,
            "item": item,
            "kind": kind,
            "story": story,
            "can_tell": not reason,
            "community": item.community,
        },
    )


@require_POST
def remove(request, kind, pk):
    item = load_item(kind, pk, request.user)
    story = Story.objects.about(item).by(request.user).first()
    if story is None:
        raise Http404("You have not said this helped you.")
    services.story_remove(user=request.user, story=story, item=item)
    messages.success(request, _("Your story is removed."))
    return redirect(item.get_absolute_url())


def story(request, pk):
    """The author's own page for a story: what they said, and whether it may be shared."""
    found = _own_story(request.user, pk)
    return render(request, "value/story.html", {"story": found, "answer_form": AnswerForm()})


@require_POST
def answer(request, pk):
    found = _own_story(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
        return redirect("value:story", pk=found.pk)
    consent = form.cleaned_data["answer"] == "yes"
    try:
        services.story_answer(user=request.user, story=found, consent=consent)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Thank you: your story may be shared with sponsors.")
            if consent
            else _("Your story will not be shared."),
        )
    return redirect("value:story", pk=found.pk)


# --- facilitators ------------------------------------------------------------------------------
SHOW = {
    "all": (gettext_lazy("All stories"), None),
    "asked": (gettext_lazy("Waiting for an answer"), Sharing.ASKED),
    "shareable": (gettext_lazy("Shareable"), Sharing.SHAREABLE),
}


@community_view("moderate")
def stories(request, community, access):
    show = request.GET.get("show", "all")
    if show not in SHOW:
        show = "all"
    found = Story.objects.visible_to(request.user).filter(community=community)
    if SHOW[show][1]:
        found = found.filter(sharing=SHOW[show][1])
    found = found.select_related("user").newest_first()
    page = Paginator(found, STORIES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "value/stories.html",
        {
            "community": community,
            "access": access,
            "active_tab": None,
            "page_obj": page,
            "show": show,
            "shows": [(key, label) for key, (label, _rows) in SHOW.items()],
            "query_string": f"show={show}" if show != "all" else "",
        },
    )


@require_POST
@community_view("moderate")
def ask(request, community, access, pk):
    found = Story.objects.visible_to(request.user).filter(community=community, pk=pk).first()
    if found is None:
        raise Http404("No such story.")
    try:
        services.story_ask(by=request.user, story=found)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(user)s is asked whether their story may be shared.")
            % {"user": found.user.display_name},
        )
    back = reverse("value:stories", kwargs={"slug": community.slug})
    return redirect(f"{back}#story-{found.pk}")


# --- sponsor reports ---------------------------------------------------------------------------
def _period(request):
    form = ReportPeriodForm(request.GET or None)
    start, end = form.dates()
    return form, report.period_for(start, end)


def _csv_response(text, filename):
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@community_view("moderate")
def community_report(request, community, access):
    form, period = _period(request)
    context = {
        "community": community,
        "access": access,
        "active_tab": None,
        "form": form,
        "report": report.community_report(community, period, viewer=request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, "value/report.html", context)


@community_view("moderate")
def community_report_csv(request, community, access):
    _form, period = _period(request)
    figures = report.community_report(community, period, viewer=request.user)
    name = f"sponsor-report-{community.slug}-{period.start:%Y%m%d}.csv"
    return _csv_response(csvfile.community_csv(figures), name)


def _site_admin(request):
    if not is_site_admin(request.user):
        raise PermissionDenied(
            _("Only site administrators see the sponsor report for every community.")
        )


def site_report(request):
    _site_admin(request)
    form, period = _period(request)
    figures = report.site_report(period, viewer=request.user, sort=request.GET.get("sort", "name"))
    params = request.GET.copy()
    params.pop("sort", None)
    return render(
        request,
        "value/site_report.html",
        {
            "form": form,
            "report": figures,
            "columns": report.COLUMNS,
            "period_query": params.urlencode(),
            "query": request.GET.urlencode(),
        },
    )


def site_report_csv(request):
    _site_admin(request)
    _form, period = _period(request)
    figures = report.site_report(period, viewer=request.user, sort=request.GET.get("sort", "name"))
    return _csv_response(csvfile.site_csv(figures), f"sponsor-report-{period.start:%Y%m%d}.csv")
