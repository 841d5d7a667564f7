from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, disputes and verdicts"

    def ready(self) -> None:
        from claims import search
        from claims.public import caching

        # Keeps each claim's search document in step with every write that
        # changes it, and SQLite's full-text index in step after migrations.
        search.connect_signals()
        # Any write to what the public pages show makes their cached copies stale.
        caching.install()
