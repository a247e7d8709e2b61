"""Where the learning centre keeps uploaded videos and captions: the hub's private storage.

That is a folder under ``MEDIA_ROOT/private/`` on a bare machine, or the ``private/`` keys of the
S3 bucket every host reads (``STORAGES["private"]``). Nothing serves those files directly; members
fetch them through :func:`learning.views.media`, which checks who is asking and then delivers the
file as ``PRIVATE_MEDIA_DELIVERY`` says (:mod:`hub.core.private_files`). A file's URL is that
view's URL.
"""

from django.urls import reverse
from django.utils.deconstruct import deconstructible

from hub.core.private_files import PrivateFolder


@deconstructible(path="learning.storage.PrivateMediaStorage")
class PrivateMediaStorage(PrivateFolder):
    """Videos and captions (``learning/videos/...``, ``learning/captions/...``), members only."""

    def __init__(self):
        super().__init__()

    def url(self, name: str | None) -> str:
        return reverse("learning:media", kwargs={"name": name})


private_storage = PrivateMediaStorage()
