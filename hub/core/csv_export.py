"""CSV downloads: streamed row by row, opened as UTF-8 by spreadsheet programs, and with every cell
a spreadsheet would run as a formula neutralised (OWASP "CSV injection")."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import translation

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object that hands back what is written: csv.writer row by row, for streaming."""

    def write(self, value: str) -> str:
        return value


def _lines(header: Iterable, rows: Iterable[Iterable], language: str | None) -> Iterator[str]:
    # The rows are produced while the response streams, after the view has returned: keep the
    # request's language for any text they translate.
    with translation.override(language):
        writer = csv.writer(_Echo())
        yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
        yield writer.writerow([csv_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([csv_cell(cell) for cell in row])


def csv_response(
    *, filename: str, header: Iterable, rows: Iterable[Iterable]
) -> StreamingHttpResponse:
    """A CSV download of ``rows`` (any iterable, consumed lazily) under ``header``."""
    response = StreamingHttpResponse(
        _lines(list(header), rows, translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
