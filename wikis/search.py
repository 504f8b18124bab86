"""How a wiki page appears in the search index (declared in wikis/features.py)."""

from django.utils.translation import gettext_lazy as _

from richtext.sanitise import html_to_text
from search.registry import Adapter


class WikiPageAdapter(Adapter):
    kind, label, label_plural = "wiki", _("Wiki page"), _("Wiki pages")

    def queryset(self):
        return self.model.objects.select_related("community", "current_revision", "created_by")

    def body(self, page):
        revision = page.current_revision
        return html_to_text(revision.body) if revision is not None else ""

    def author(self, page):
        return page.created_by
