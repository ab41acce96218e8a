from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = "Resolutions"

    def ready(self):
        post_migrate.connect(index_the_language, sender=self)


def index_the_language(sender, using, **kwargs):
    """After a migrate or a flush: the paragraphs' full-text index in place (language.py)."""
    from . import language

    language.install(using)
