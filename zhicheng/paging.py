"""Pagination whose total comes from the page's own counters (one aggregate per page, no second COUNT)."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told its count: list pages already aggregate their totals for the counters."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property; Paginator never runs COUNT(*)
