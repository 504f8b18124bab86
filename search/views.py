from django.shortcuts import render
from django.utils.translation import gettext

from .forms import SearchForm
from .query import search
from .registry import kinds

PAGE_SIZE = 20


def search_page(request):
    """Site-wide search with filters; community pages send `community=<slug>` from their box."""
    form = SearchForm(request.GET or None, user=request.user)
    # "forum topics, blog entries, wiki pages, documents and events": whatever is registered.
    labels = [label.lower() for _, label in kinds()]
    if len(labels) > 1:
        searched = gettext("%(kinds)s and %(last)s") % {
            "kinds": ", ".join(labels[:-1]),
            "last": labels[-1],
        }
    else:
        searched = "".join(labels)
    context = {"form": form, "searched": searched}
    status = 200
    if form.is_bound:
        if form.is_valid():
            search_request = form.search_request()
            context["search_request"] = search_request
            if not search_request.is_empty:
                results = search(request.user, search_request)
                context["page_obj"] = results.page(request.GET.get("page"), per_page=PAGE_SIZE)
                params = request.GET.copy()
                params.pop("page", None)
                context["query_string"] = params.urlencode()
        else:
            status = 400
    return render(request, "search/search.html", context, status=status)
