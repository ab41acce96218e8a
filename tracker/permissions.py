"""Roles: staff change obligations and import; viewers read; admins also get the admin site."""
from functools import wraps

from django.core.exceptions import PermissionDenied

STAFF_GROUP = "staff"
VIEWER_GROUP = "viewers"


def can_edit(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or user.groups.filter(name=STAFF_GROUP).exists()


def staff_required(view):
    """Viewers may look but not change: any such request from them is refused with 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied("Only staff can change obligations or import resolutions.")
        return view(request, *args, **kwargs)

    return wrapper
