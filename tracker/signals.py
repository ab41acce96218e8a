"""Keeping obligations in step with what they derive from."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.db import connections, transaction
from django.dispatch import receiver

from resolutions.models import Actor, Resolution, SessionCalendar, Series

from .lib import counts, tally
from .obligations import searching
from .obligations.history import apply_edit
from .models import Evidence, Note, Obligation, ObligationChange


@receiver(post_save, sender=SessionCalendar)
def follow_corrected_session_date(sender, instance, created=False, **kwargs):
    """A corrected opening day moves every deadline taken from that session, unless a person set it."""
    if created:
        return  # a session just written (an import meeting it first): no deadline is taken from it yet
    for obligation in Obligation.objects.filter(due_session=instance).exclude(due_date=instance.opens):
        if obligation.staff_set("due_date"):
            continue
        apply_edit(obligation, None, ObligationChange.Source.IMPORT, mark_edited=False,
                   due_date=instance.opens, due_precision=instance.precision)


@receiver(post_save, sender=Evidence)
@receiver(post_delete, sender=Evidence)
def evidence_changed(sender, instance, **kwargs):
    """Evidence named or taken back: the obligation is answered while any is left."""
    if instance.obligation_id:
        Obligation.objects.filter(pk=instance.obligation_id).mark_answered()


@receiver(post_save, sender=Note)
def tell_who_a_note_mentions(sender, instance, created=False, **kwargs):
    """A new note that @mentions people emails them, once it is committed (tasks.tell_mentioned)."""
    if created and Note.MENTION.search(instance.text):
        from .tasks import tell_mentioned

        transaction.on_commit(lambda: tell_mentioned.delay(instance.pk))


@receiver(post_migrate)
def keep_the_tally(sender, using, apps=None, **kwargs):
    """After a migrate or a flush: the tally's triggers in place and its counts made afresh."""
    if sender.name != "tracker":
        return
    try:
        (apps or sender.apps).get_model("tracker", "ObligationTally")
    except LookupError:  # migrated back to before the tally
        return
    tally.install(using)


@receiver(post_migrate)
def index_the_obligations(sender, using, **kwargs):
    """After a migrate or a flush: the obligations' full-text index in place (searching.py)."""
    if sender.name == "tracker" and searching.OBLIGATIONS.table in connections[using].introspection.table_names():
        searching.install(using)


@receiver(user_logged_out)
def say_logged_out(sender, request, user, **kwargs):
    """The login page then says why it is shown."""
    if request is not None:
        messages.info(request, "You have been logged out.", fail_silently=True)


@receiver(post_save, sender=Obligation)
@receiver(post_delete, sender=Obligation)
@receiver(post_save, sender=Evidence)
@receiver(post_delete, sender=Evidence)
@receiver(m2m_changed, sender=Obligation.addressees.through)
@receiver(m2m_changed, sender=Obligation.labels.through)
@receiver(post_save, sender=Resolution)
@receiver(post_delete, sender=Resolution)
@receiver(post_save, sender=Actor)
@receiver(post_delete, sender=Actor)
@receiver(post_save, sender=Series)
@receiver(post_delete, sender=Series)
def obligations_changed(sender, **kwargs):
    """A count or a rendered list kept over the obligations (counts.py) is not shown after a
    change it does not hold: to the obligations, their addressees and evidence, or to what a
    list shows beside them (symbols, addressees' names, series), as an admin edits them."""
    counts.changed()


@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def owner_changed(sender, update_fields=None, **kwargs):
    """Users are the lists' owners and owner choices; a login, which writes only last_login, is not."""
    if update_fields is None or {"username", "is_active"} & set(update_fields):
        counts.changed()
