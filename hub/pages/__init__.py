"""The public face of the hub: the transparency pages (about, principles, the ethical and legal
report, privacy notice, terms) as numbered versions staff publish, the language switcher, the
health check and the error pages."""
