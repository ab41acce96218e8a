"""Account pages beyond Django's own: a password reset that cannot be used to flood a mailbox."""
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.shortcuts import redirect

from ..lib.middleware import client_address


class LimitedPasswordReset(auth_views.PasswordResetView):
    """At most PASSWORD_RESET_LIMIT emails an hour to one address, and from one client.

    Past the limit the page answers as usual (it never says whether an account exists)
    but sends nothing.
    """

    def form_valid(self, form):
        keys = [f"password-reset:email:{form.cleaned_data['email'].lower()}",
                f"password-reset:client:{client_address(self.request)}"]
        counts = [cache.get_or_set(key, 0, 3600) for key in keys]
        if any(count >= settings.PASSWORD_RESET_LIMIT for count in counts):
            return redirect(self.get_success_url())
        for key in keys:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, 3600)
        return super().form_valid(form)
