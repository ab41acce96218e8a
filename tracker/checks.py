"""System checks: a production install is told what it forgot."""
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


@register()
def secret_key_set(app_configs, **kwargs):
    """Serving with DEBUG off needs a SECRET_KEY of its own."""
    if not settings.DEBUG and not os.getenv("SECRET_KEY"):
        return [Error("SECRET_KEY must be set when DEBUG is off.", id="tracker.E001",
                      hint="Set SECRET_KEY in the environment (see the README's production section).")]
    return []


@register(Tags.security, deploy=True)
def no_demo_logins(app_configs, **kwargs):
    """`make run`'s demo logins (known passwords) must not exist in production."""
    from tracker.management.commands.demo import DEMO_PASSWORD, DEMO_USERS

    try:
        demo = [u for u in get_user_model().objects.filter(username__in=[d[0] for d in DEMO_USERS], is_active=True)
                if u.check_password(DEMO_PASSWORD)]
    except DatabaseError:
        return []  # no database yet: nothing to warn of
    if demo:
        return [Warning(f"Demo logins with the demo password exist: {', '.join(u.username for u in demo)}.",
                        id="tracker.W001", hint="Deactivate them or change their passwords.")]
    return []
