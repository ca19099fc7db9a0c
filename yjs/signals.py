from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .api.tokens import api_tokens_revoke_all
from .audit import audit_record
from .models import AuditAction, User
from .sign_in import USERNAME_MAX_LENGTH, sign_in_failure_count


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Never the password: only the username as typed.
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        request=request,
        actor_username=str(credentials.get("username", ""))[:USERNAME_MAX_LENGTH],
    )


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    sign_in_failure_count(request)


@receiver(post_save, sender=User)
def revoke_api_tokens_on_password_change(sender, instance: User, created: bool, **kwargs) -> None:
    """A changed password ends the user's API tokens, however it was changed (the page, the admin,
    ``changepassword``, a service): ``User.set_password`` marks the change for the save after it."""
    if instance.__dict__.pop("_password_changed", False) and not created:
        api_tokens_revoke_all(user=instance)


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_record(actor=None, action=AuditAction.LOCKED_OUT, request=request, actor_username=username or "")
