"""Where the learning centre keeps uploaded videos and captions: a private folder under MEDIA_ROOT.

Nothing in the hub serves MEDIA_ROOT directly (whitenoise serves static files only), and the files
live in their own ``private/`` folder so that a web server in front of the hub can mark exactly
that folder as internal. Members fetch the files through :func:`learning.views.media`, which checks
who is asking and answers range requests; a file's URL is that view's URL.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_FOLDER = "private"


@deconstructible(path="learning.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    """Files under ``MEDIA_ROOT/private/``, reachable only through the access-checked view."""

    def __init__(self):
        super().__init__()

    # Read from settings on use (and again after a test changes MEDIA_ROOT: FileSystemStorage
    # clears these cached properties when the setting changes).
    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, PRIVATE_FOLDER)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        return reverse("learning:media", kwargs={"name": name})


private_storage = PrivateMediaStorage()
