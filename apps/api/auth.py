"""Token authentication: hashed, expiring, revocable tokens (django-rest-knox)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.views import LoginView, LogoutView
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from apps.organisation import services


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


TokenSerializer = inline_serializer(
    "Token", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
)


class TokenLoginView(LoginView):
    """Exchange a username and password for a token: `Authorization: Token <token>`."""

    authentication_classes = []
    permission_classes = [AllowAny]

    def get_token_limit_per_user(self):
        return None  # the service revokes the oldest instead of refusing the new login

    def create_token(self):
        return services.token_issue(self.request.user)

    @extend_schema(request=CredentialsSerializer, responses={200: TokenSerializer})
    def post(self, request, format=None):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None or not user.is_active:
            # 400 like DRF's own token view: the request carried no credentials to reject.
            raise ValidationError({"non_field_errors": [_("Wrong username or password.")]})
        request.user = user
        return super().post(request, format)


class TokenLogoutView(LogoutView):
    """Revoke the token used for this request."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)
