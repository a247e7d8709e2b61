"""Where the migrations of the hub, the community and the learning centre find ``WebsiteField``;
it lives in :mod:`hub.core.fields`."""

from hub.core.fields import WebsiteField

__all__ = ["WebsiteField"]
