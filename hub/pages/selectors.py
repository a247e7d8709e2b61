from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import PageVersion


def published_page_versions() -> QuerySet[PageVersion]:
    return PageVersion.objects.filter(published_at__lte=timezone.now())


def page_current_version(*, slug: str) -> PageVersion:
    """The newest published version of a public page, or 404."""
    version = published_page_versions().filter(page__slug=slug).order_by("-version").first()
    if version is None:
        raise Http404
    return version
