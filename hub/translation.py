"""Which fields of the hub's models are translated (django-modeltranslation reads this module):
the public pages' texts, registered in their room."""

from hub.pages import translation  # noqa: F401  (registers PageVersion's translated fields)
