"""Access policy of the selection wizard and the saved shortlists (wizard/urls.py)."""

from . import OFFICERS, OFFICERS_NOT_FOUND

POLICY: dict[str, tuple] = {
    # Officers and staff (staff see the wizard and its rules too); providers get 404.
    "wizard/": OFFICERS,
    "wizard/how-it-works/": OFFICERS,
    "wizard/parameters/": OFFICERS,
    "wizard/results/": OFFICERS,
    # The sample step "sample" is not a question of the wizard.
    "wizard/<slug:step>/": OFFICERS_NOT_FOUND,
    "shortlists/": OFFICERS,
    "shortlists/new/": OFFICERS,
    # Shortlist 1 is nobody's here: a shortlist answers only its owner, everyone else gets 404.
    "shortlists/<id:pk>/": OFFICERS_NOT_FOUND,
    "shortlists/<id:pk>/edit/": OFFICERS_NOT_FOUND,
    "shortlists/<id:pk>/delete/": OFFICERS_NOT_FOUND,
    "shortlists/<id:pk>/share/": OFFICERS_NOT_FOUND,
    "shortlists/<id:pk>/export.csv": OFFICERS_NOT_FOUND,
    "shortlists/<id:pk>/print/": OFFICERS_NOT_FOUND,
}
