from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = "Tracking"

    def ready(self):
        from . import checks, signals  # noqa: F401
