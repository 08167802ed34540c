from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=`; a page size above the cap gives the cap, not an error."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
