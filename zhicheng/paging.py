"""Pagination for big lists: the total comes from the page's own counters (no second COUNT), and
a page is read as a deferred join — first the page's primary keys in the list's order (an
index-only walk of the ordering index, stopping after one page), then those rows with their
joins by primary key. A single query with every join makes PostgreSQL hash-join the whole
filtered set and sort it when the filter is a semi-join (申请书查询, 花名册 of a supervisor)."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told its count: list pages already aggregate their totals for the counters."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # fills the cached_property; Paginator never runs COUNT(*)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        rows = {o.pk: o for o in self.object_list.order_by().filter(pk__in=keys)} if keys else {}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)
