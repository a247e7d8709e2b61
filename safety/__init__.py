"""Trust and safety: what staff decide about what members write and about the tools in the hub.

Moderation of officers' feedback and of the forum, reports on relayed messages, concerns about
tools, and the suspension, removal and reinstatement of tools, each decision audited in one
pattern (:mod:`safety.moderation`, :mod:`safety.concerns`, :mod:`safety.removal`), and their
admin screens (:mod:`safety.admin`). The content and the records stay in the apps they belong to
(feedback, concerns and decisions in tools_catalog; threads, posts and messages in community):
this app has no models of its own. It sits above those apps and nothing imports it.
"""
