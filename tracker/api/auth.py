"""Who calls the API: a personal token (Authorization: Token <key>), or the browser's session."""
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..models import ApiToken
from ..permissions import can_edit


class TokenAuthentication(authentication.BaseAuthentication):
    """A token a user made on /api/tokens/; only its hash is stored, so it is looked up by hash."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the word Token.")
        key = parts[1].decode(errors="replace")
        token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Unknown or revoked token.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class StaffWrites(permissions.BasePermission):
    """Everyone logged in reads; only staff change anything."""

    message = "Only staff can change obligations or import resolutions."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or can_edit(request.user)


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: `Authorization: Token <key>`."""

    target_class = "tracker.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "`Token <key>`: a key made on /api-tokens/"}
