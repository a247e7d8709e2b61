from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsCatalogConfig(AppConfig):
    name = "tools_catalog"
    verbose_name = _("Tool catalogue")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import signals  # noqa: F401  (keeps cached names and counts fresh)

        connection_created.connect(_add_sqlite_md5, dispatch_uid="tools_catalog_sqlite_md5")


def _add_sqlite_md5(sender, connection, **kwargs) -> None:
    # The fair order sorts by md5(seed:id) in the database; PostgreSQL has md5(), SQLite does not.
    if connection.vendor == "sqlite":
        import hashlib

        connection.connection.create_function(
            "md5",
            1,
            lambda text: hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
            deterministic=True,
        )
