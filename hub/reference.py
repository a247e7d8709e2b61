"""The hub app's reference data, for ``manage.py load_reference_data``: the public pages, kept in
their room (hub/pages/reference/)."""

from hub.pages.reference import load

__all__ = ["load"]
