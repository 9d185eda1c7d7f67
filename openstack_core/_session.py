"""The keystoneauth1 Session a Connection builds for a cloud configuration.

:class:`Session` builds the auth plugin on first need (the first request that sends a
token, ``conn.authorize()``, a catalog lookup), not when connecting: keystoneauth1's
plugin loader and its identity plugins cost about 10 ms of imports, which a process
pays once either way, and connecting stays a read of the configuration. A mistake in
the auth options (an unknown ``auth_type``, a missing option) raises
``ConfigException`` then, naming the option and the file, before anything is sent.

:class:`CachingSession`, built when ``cache:`` turns a cache on, adds the on-disk
caches of :mod:`openstack_core._cache` and their invalidation.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1 import session as ks_session

if TYPE_CHECKING:
    import requests

    from openstack_core import _cache
    from openstack_core._config import CloudConfig

__all__ = ["CachingSession", "Session", "new_session"]


class Session(ks_session.Session):
    """keystoneauth1's Session whose ``auth`` plugin is built from ``config`` on first
    access (then it is a plain attribute)."""

    def __init__(self, config: CloudConfig, **kwargs: Any) -> None:
        super().__init__(auth=None, **kwargs)
        self.cloud_config = config
        self._auth_lock = threading.Lock()
        del self.auth  # so that the first read reaches __getattr__

    def __getattr__(self, name: str) -> Any:
        # Only called when normal lookup fails: ``auth`` before it is built.
        if name != "auth":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        with self._auth_lock:
            plugin = self.__dict__.get("auth")
            if plugin is None:
                plugin = self.__dict__["auth"] = self.load_auth()
        return plugin

    def load_auth(self) -> Any:
        """The auth plugin of the configuration."""
        from openstack_core._config_auth import build_auth

        return build_auth(self.cloud_config)


class CachingSession(Session):
    """A :class:`Session` with the caches ``config.cache`` turns on."""

    def __init__(self, config: CloudConfig, **kwargs: Any) -> None:
        from openstack_core import _cache

        settings = config.cache
        assert settings is not None
        directory = _cache.CacheDirectory(settings.path or _cache.default_directory())
        self.discovery_files: _cache.DiscoveryCache | None = None
        self.tokens: _cache.TokenCache | None = None
        if directory.usable and settings.discovery:
            self.discovery_files = _cache.DiscoveryCache(directory, settings.discovery_ttl)
        key = _cache.token_key(config) if directory.usable and settings.auth else None
        if key is not None:
            self.tokens = _cache.TokenCache(directory, key, settings.auth_ttl)
        super().__init__(config, discovery_cache=self.discovery_files, **kwargs)

    def load_auth(self) -> Any:
        plugin = super().load_auth()
        if self.tokens is not None:
            self.tokens.restore(plugin)
        return plugin

    def get_auth_headers(self, auth: Any = None, **kwargs: Any) -> dict[str, str] | None:
        headers = super().get_auth_headers(auth, **kwargs)
        if self.tokens is not None and auth is None:
            self.tokens.store_if_new(self.auth)  # a token just fetched
        return headers

    def request(self, url: str, method: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        own_token = kwargs.get("authenticated") is not False and kwargs.get("auth") is None
        try:
            response = super().request(url, method, **kwargs)
        except ksa_exc.HttpError as exc:  # raise_exc: the same checks, then re-raise
            if exc.response is not None:
                self._after(exc.response, own_token)
            raise
        self._after(response, own_token)
        return response

    def _after(self, response: requests.Response, own_token: bool) -> None:
        status = response.status_code
        if status == 401 and own_token and self.tokens is not None:
            # The token this request carried is refused: never stored again. Whoever
            # sends the request once more (the Proxy, or keystoneauth1) fetches a new
            # one, which get_auth_headers stores.
            plugin = self.__dict__.get("auth")
            if plugin is not None:
                self.tokens.refused(plugin)
        elif status == 404 and self.discovery_files is not None and response.url:
            self.discovery_files.confirm_after_404(self, response.url)


def new_session(config: CloudConfig, **kwargs: Any) -> Session:
    """The Session for ``config`` (keyword arguments are keystoneauth1's); an empty
    configuration is refused now rather than at the first request."""
    from openstack_core._config_auth import nothing_configured

    empty = nothing_configured(config)
    if empty is not None:
        raise empty
    if config.cache is not None and config.cache.enabled:
        return CachingSession(config, **kwargs)
    return Session(config, **kwargs)
