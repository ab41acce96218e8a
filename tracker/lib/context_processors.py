from ..permissions import can_edit as user_can_edit


def roles(request):
    return {"can_edit": user_can_edit(request.user) if hasattr(request, "user") else False}
