"""Roles: staff change obligations and import; viewers read; admins also get the admin site."""
from functools import wraps

from django.core.exceptions import PermissionDenied

STAFF_GROUP = "staff"
VIEWER_GROUP = "viewers"


def can_edit(user) -> bool:
    """Staff, admins and superusers. A page asks several times (its view, its menu): the
    group is looked up once and kept on the user, which is loaded anew for each request."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    if not hasattr(user, "_in_staff_group"):
        user._in_staff_group = user.groups.filter(name=STAFF_GROUP).exists()
    return user._in_staff_group


def staff_required(view):
    """Viewers may look but not change: any such request from them is refused with 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_edit(request.user):
            raise PermissionDenied("Only staff can change obligations or import resolutions.")
        return view(request, *args, **kwargs)

    return wrapper
