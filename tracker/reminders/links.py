"""The "mark done" link of a reminder email: signed for its recipient and one obligation, and
good for MARK_DONE_LINK_DAYS. It opens a page that asks to confirm: a GET changes nothing
(a mail scanner that follows every link must not close work)."""
from django.conf import settings
from django.core import signing

SALT = "tracker.reminders.mark-done"


def mark_done_token(obligation_id: int, user_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{obligation_id}:{user_id}")


def read_mark_done_token(token: str, obligation_id: int, user_id: int) -> str:
    """'' where the link is good for this obligation and this user, else why not."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.MARK_DONE_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        return "This link has expired."
    except signing.BadSignature:
        return "This link is not one the tracker sent."
    if value != f"{obligation_id}:{user_id}":
        return "This link was sent to someone else, or for another obligation."
    return ""
