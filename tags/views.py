"""Tag pages and the add/remove actions behind the tags box on every taggable item.

Items are named in URLs by their search kind ("wiki", "document", "topic", "blogentry"…) and
primary key, and always loaded through their model's visible_to (hidden → 404).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from taggit.models import Tag

from communities.rules import refuse
from core.errors import Invalid
from core.redirects import safe_next
from search.query import CappedPaginator, Results, SearchRequest, fetch
from search.registry import adapter_for_kind, kinds

from . import selectors, services
from .forms import TagAddForm

PAGE_SIZE = 20
# A tag page counts this many items at most: a popular tag on a national site carries tens of
# thousands, and counting the visible ones is most of the page's time.
COUNTED_AT_MOST = 1000


def _item_or_404(request, kind, pk):
    adapter = adapter_for_kind(kind)
    if adapter is None:
        raise Http404("Nothing to tag.")
    item = adapter.queryset().visible_to(request.user).filter(pk=pk).first()
    # Removed or hidden items are not tagged (and are not in the index, so not on tag pages).
    if item is None or not adapter.is_indexable(item):
        raise Http404("Nothing to tag.")
    return adapter, item


def _back(request, item):
    candidate = request.POST.get("next") or request.GET.get("next")
    return safe_next(request, candidate, item.get_absolute_url())


def add(request, kind, pk):
    """The tags box posts here; without JavaScript, or after a mistake, this page shows the
    form on its own with what was typed and what went wrong."""
    adapter, item = _item_or_404(request, kind, pk)
    if not adapter.can_tag(item, request.user):
        refuse("tag_members")
    form = TagAddForm(request.POST or None, suggested=request.POST.get("suggested", ""))
    if request.method == "POST" and form.is_valid():
        names = form.tag_texts()
        try:
            added = services.tag_add(user=request.user, item=item, names=names)
        except Invalid as error:
            form.add_error("names", str(error))
        else:
            if added:
                words = ", ".join(f"“{tag.name}”" for tag in added)
                messages.success(request, _("Tagged with %(words)s.") % {"words": words})
            else:
                messages.info(request, _("It already had those tags."))
            return redirect(_back(request, item))
    existing = [row.tag.name for row in selectors.tags_on(item)]
    popular = selectors.popular_tags(
        user=request.user, community=adapter.community(item), exclude=existing
    )
    status = 400 if form.is_bound else 200
    return render(
        request,
        "tags/add.html",
        {
            "form": form,
            "item": item,
            "adapter": adapter,
            "existing": existing,
            "popular": popular,
            "next": _back(request, item),
        },
        status=status,
    )


@require_POST
def remove(request, kind, pk, tag):
    adapter, item = _item_or_404(request, kind, pk)
    tag = get_object_or_404(Tag, slug=tag)
    try:
        services.tag_remove(user=request.user, item=item, tag=tag)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The tag “%(tag)s” has been removed.") % {"tag": tag.name})
    return redirect(_back(request, item))


def tag_page(request, tag):
    """Everything the viewer can see that carries this tag, across types and communities."""
    tag = get_object_or_404(Tag, slug=tag)
    kind = request.GET.get("type", "") if adapter_for_kind(request.GET.get("type", "")) else ""
    shown = selectors.tagged_documents(user=request.user, tag=tag, kinds=[kind] if kind else None)
    # Every page the capped count offers lies within its first COUNTED_AT_MOST + 1 rows: one
    # walk of the tag index reads them, the count, and the page.
    found = list(shown[: COUNTED_AT_MOST + 1])
    if not found and (
        not kind or not selectors.tagged_documents(user=request.user, tag=tag).exists()
    ):
        # A tag used only on things this person cannot see does not exist, for them.
        raise Http404("No such tag.")
    paginator = CappedPaginator(found, PAGE_SIZE, count=len(found), cap=COUNTED_AT_MOST)
    ids = paginator.get_page(request.GET.get("page"))
    ids.object_list = fetch(list(ids.object_list), Results(SearchRequest(), None, None))
    return render(
        request,
        "tags/tag.html",
        {
            "tag": tag,
            "page_obj": ids,
            "kind": kind,
            "kinds": kinds(),
            "query_string": f"type={kind}" if kind else "",
        },
    )


def all_tags(request):
    """The site-wide cloud: every word used on things the viewer can see."""
    return render(request, "tags/all.html", {"cloud": selectors.tag_cloud(user=request.user)})
