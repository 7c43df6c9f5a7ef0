"""Bearer keys: POAQA_API_KEY for /v1, POAQA_ADMIN_API_KEY for reindexing and /metrics (Dify's key is checked in
its route, in Dify's error format). An unset (or empty) key checks nothing, except that reindexing by HTTP then
stays off."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.deps import SettingsDep
from service.errors import AdminDisabledError, MissingKeyError, WrongKeyError

Credentials = Annotated[HTTPAuthorizationCredentials | None,
                        Depends(HTTPBearer(auto_error=False, scheme_name="ApiKey",
                                           description="POAQA_API_KEY (not checked when unset)"))]
AdminCredentials = Annotated[HTTPAuthorizationCredentials | None,
                             Depends(HTTPBearer(auto_error=False, scheme_name="AdminKey",
                                                description="POAQA_ADMIN_API_KEY"))]


def check_key(expected: str, credentials: HTTPAuthorizationCredentials | None, setting: str) -> None:
    if credentials is None:
        raise MissingKeyError(setting)
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise WrongKeyError(setting)


def require_api_key(settings: SettingsDep, credentials: Credentials) -> None:
    """Let the request through when POAQA_API_KEY is unset or its key comes as ``Authorization: Bearer <key>``."""
    if settings.service.api_key is not None:
        check_key(settings.service.api_key, credentials, "POAQA_API_KEY")


def require_admin_key(settings: SettingsDep, credentials: AdminCredentials) -> None:
    """Let the request through only with POAQA_ADMIN_API_KEY's key; refused while that is unset."""
    if settings.service.admin_api_key is None:
        raise AdminDisabledError("reindexing by HTTP is off: set POAQA_ADMIN_API_KEY to a long random string and "
                                 "send it as 'Authorization: Bearer <key>'")
    check_key(settings.service.admin_api_key, credentials, "POAQA_ADMIN_API_KEY")


def admin_key_if_set(settings: SettingsDep, credentials: AdminCredentials) -> None:
    """Let the request through when POAQA_ADMIN_API_KEY is unset or its key comes with it."""
    if settings.service.admin_api_key is not None:
        check_key(settings.service.admin_api_key, credentials, "POAQA_ADMIN_API_KEY")
