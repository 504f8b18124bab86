"""A paginator for lists too long to count in full (the people finder, search, tag pages)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """A Paginator that counts at most `cap` + 1 rows (a COUNT over a LIMITed subquery), so a
    very broad query never makes the page count hundreds of thousands of matches.

    The rows counted are `count_query`'s when given (for instance the unranked query behind
    a ranked list), else `object_list`'s; `count` skips counting when the size is already
    known (a ranking window already read). `is_capped` (also `capped`) says there were more
    than `cap`. `count` stops at `cap` unless `count_past_cap`, when it is what was counted
    (up to `cap` + 1), so the pages reach one row past the cap."""

    cap = 1000
    count_past_cap = False

    def __init__(self, object_list, per_page, *, cap=None, count_query=None, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if cap is not None:
            self.cap = cap
        self.count_query = count_query
        self.known_count = count

    @cached_property
    def counted(self):
        """The number of rows, counted no further than `cap` + 1."""
        if self.known_count is not None:
            return self.known_count
        rows = self.object_list if self.count_query is None else self.count_query
        return rows.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return self.counted if self.count_past_cap else min(self.counted, self.cap)

    @property
    def is_capped(self):
        return self.counted > self.cap

    capped = is_capped
