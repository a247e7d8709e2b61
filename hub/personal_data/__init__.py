"""A member's own data: their page (/me/), accepting new terms, a copy of everything the hub holds
about them, erasing their account after a grace period, and the retention rules that remove what
the hub no longer needs.

Every app tells the hub what it holds about a member by answering the signals in
:mod:`hub.personal_data.registry`; this room never names an app. Erasure deletes the account row and
the database does the rest: rows that are only the member's go with it; posts, feedback and reports
stay without an author. The audit log keeps its entries under a pseudonym that is the same in every
entry about that member.
"""
