"""Token authentication: hashed, expiring, revocable tokens (django-rest-knox)."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.views import LoginView, LogoutView
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from apps.accounts import services as accounts_services
from apps.accounts.lockout import cooloff_seconds
from apps.accounts.selectors import second_factor_required
from apps.core.errors import DomainError
from apps.organisation import services
from apps.security.log import security_event
from apps.sso.selectors import local_password_allowed


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text=(
            "The 6-digit code from the authenticator app: required of coordinators and "
            "superusers where two-step verification is on (APV_REQUIRE_SECOND_FACTOR), who set "
            "the app up at their first login in the admin."
        ),
    )


TokenSerializer = inline_serializer(
    "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
)


class TokenLoginView(LoginView):
    """Exchange a username and password for a token: `Authorization: Token <token>`. With
    two-step verification on, coordinators and superusers add the code of their authenticator
    app (`otp_token`)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "login"

    def get_token_limit_per_user(self):
        return None  # the service revokes the oldest instead of refusing the new login

    def create_token(self):
        return services.token_issue(self.request.user)

    def locked_out(self):
        # Answered, not raised (as below): the failure that reached the limit must stay.
        detail = _("Too many failed logins for this user. Try again later.")
        return Response(
            {"detail": detail},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(cooloff_seconds())},
        )

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                description="Wrong username or password, or (field `otp_token`) the code of "
                "two-step verification missing or wrong, or not set up yet."
            ),
            429: OpenApiResponse(
                description="Too many failed logins, or too many requests: wait Retry-After."
            ),
        },
    )
    def post(self, request, format=None):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # The Django request: django-axes counts the failures and flags a lock-out on it.
        data = credentials.validated_data
        if not local_password_allowed(data["username"]):
            # Local passwords are off (APV_LOCAL_PASSWORDS): only the break-glass superusers.
            security_event(
                "password_login_refused",
                request=request._request,
                attempted_username=data["username"],
            )
            detail = _("Passwords are not used here: log in with %(provider)s in the admin.")
            return Response(
                {"non_field_errors": [detail % {"provider": settings.OIDC_PROVIDER_NAME}]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if getattr(request._request, "axes_locked_out", False):
            return self.locked_out()
        if user is None or not user.is_active:
            # 400 like DRF's own token view. Answered, not raised: a raised error rolls back
            # the request's transaction, and with it the failure the login protection counted.
            return Response(
                {"non_field_errors": [_("Wrong username or password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if second_factor_required(user):
            try:
                accounts_services.second_factor_verify(
                    user=user, token=data.get("otp_token"), request=request._request
                )
            except DomainError as refusal:
                # A wrong code counts as a failed login: the one that reaches the limit locks.
                if getattr(request._request, "axes_locked_out", False):
                    return self.locked_out()
                return Response(
                    {"otp_token": [refusal.message]}, status=status.HTTP_400_BAD_REQUEST
                )
        request.user = user
        return super().post(request, format)


class TokenLogoutView(LogoutView):
    """Revoke the token used for this request."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        token_key = request.auth.token_key
        response = super().post(request, format)
        security_event("token_revoked", user=request.user, token_key=token_key, reason="logout")
        return response
