from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, disputes and verdicts"

    def ready(self) -> None:
        from claims.public import caching
        from claims.search.signals import connect_signals

        # Keeps each claim's search document in step with every write that
        # changes it, and SQLite's full-text index in step after migrations.
        connect_signals()
        # Any write to what the public pages show makes their cached copies stale.
        caching.install()
