"""The floor: the least a Django page can do here. The newest 20 rows of a 100,000-row table
and the table's count, through a template, behind the same middleware as every page (session,
sign-in, CSRF, gzip), so a page's share of the floor's requests per second says how much the
page itself costs."""

from django.http import HttpResponse
from django.template import engines

from .models import FloorRow

TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><main><h1>{{ count }} rows</h1><ol>{% for row in rows %}
<li><a href="/bench-floor/{{ row.pk }}/">{{ row.title }}</a> {{ row.created|date:"j M Y" }}
<p>{{ row.body|truncatewords:20 }}</p></li>{% endfor %}</ol></main></body></html>"""
)


def floor(request):
    rows = FloorRow.objects.all()[:20]
    context = {"rows": rows, "count": FloorRow.objects.count()}
    return HttpResponse(TEMPLATE.render(context, request))
