"""Opt-in on-disk caches that spare a short-lived process its first round trips.

Two caches, both off unless ``cache:`` in clouds.yaml turns them on (see
:class:`CacheSettings`):

* **discovery**: keystoneauth1's version-discovery documents, keyed by the URL they
  were read from, kept ``discovery_ttl`` seconds (default an hour). A process that finds
  the document of an endpoint on disk sends no ``GET`` for it.
* **auth**: the token of a cloud, as keystoneauth1's auth-state API gives it
  (``get_auth_state``/``set_auth_state``), keyed by the cloud's name, auth type, auth
  URL and the user and project identity options (never a password or a secret). A
  process that finds a token of its cloud on disk, not about to expire, sends no
  authentication request.

Files: one directory per user, ``$XDG_CACHE_HOME/openstack-core`` (else
``~/.cache/openstack-core``, or ``path``), mode 0700 and owned by the user; in it
``discovery-<sha256>.json`` and ``token-<sha256>.json``, mode 0600, each written whole
(a private temporary file renamed over the old one). A directory or file that another
user owns, that others may read or write, or that is a symbolic link, is never read:
a warning says why and what to run, and the cache is not used.

Invalidation (done by :class:`openstack_core._session.CachingSession`): a 401 to an
authenticated request removes the cached token (the request is then sent once more
with a new token, which is stored); a 404 from an
endpoint found through a document read from disk makes the process read that document
again once, and a changed or unreadable document replaces or removes the cached one.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from openstack_core.exceptions import ConfigException

if TYPE_CHECKING:
    from keystoneauth1 import discover
    from keystoneauth1 import session as ks_session

    from openstack_core._config import CloudConfig

__all__ = ["CacheDirectory", "CacheSettings", "DiscoveryCache", "TokenCache", "settings_from"]

#: A token that expires within this many seconds is not restored (keystoneauth1 would
#: authenticate again before using it anyway).
MIN_TOKEN_LIFE = 120
_DEFAULT_DISCOVERY_TTL = 3600.0
#: openstacksdk's keys of the same section, for its own resource cache: accepted and
#: ignored, so one clouds.yaml serves both.
_OPENSTACKSDK_KEYS = frozenset({"class", "expiration_time", "max_age", "arguments", "expiration"})
_KEYS = ("auth", "discovery", "auth_ttl", "discovery_ttl", "path")
_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
#: The auth options that say who is authenticated and to what: the token cache's key.
_IDENTITY_OPTIONS = (
    "auth_url",
    "user_id",
    "username",
    "user_domain_id",
    "user_domain_name",
    "project_id",
    "project_name",
    "project_domain_id",
    "project_domain_name",
    "tenant_id",
    "tenant_name",
    "domain_id",
    "domain_name",
    "default_domain_id",
    "default_domain_name",
    "system_scope",
    "trust_id",
    "application_credential_id",
    "application_credential_name",
    "identity_provider",
    "protocol",
)
#: At least one of these must be set for a token to be cached: without it the options
#: do not say whose token it is (a ``token`` auth type, for instance).
_WHO = ("user_id", "username", "application_credential_id")


class CacheSettings(NamedTuple):
    """The ``cache:`` section: which caches are on and for how long entries live."""

    #: Cache tokens (openstacksdk's key of the same meaning; it uses the keyring).
    auth: bool = False
    #: Cache version-discovery documents.
    discovery: bool = False
    #: Seconds a cached token is used at most; None: until it is about to expire.
    auth_ttl: float | None = None
    #: Seconds a cached discovery document is used.
    discovery_ttl: float = _DEFAULT_DISCOVERY_TTL
    #: The cache directory; None: ``$XDG_CACHE_HOME/openstack-core``.
    path: str | None = None

    @property
    def enabled(self) -> bool:
        """Whether either cache is on."""
        return self.auth or self.discovery


def settings_from(raw: Any, error: Callable[[str, str], ConfigException]) -> CacheSettings:
    """The ``cache`` mapping of a cloud as :class:`CacheSettings`; ``error(key, message)``
    builds the exception that says where the key was set."""
    if raw is None:
        return CacheSettings()
    if not isinstance(raw, dict):
        raise error("cache", f"expected a mapping of cache settings, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(_KEYS) - _OPENSTACKSDK_KEYS)
    if unknown:
        raise error(
            "cache",
            f"unknown keys {', '.join(unknown)}; the cache settings are {', '.join(_KEYS)}",
        )
    values: dict[str, Any] = {}
    for key in ("auth", "discovery"):
        if key in raw:
            value = raw[key]
            flag = _BOOLEANS.get(value.strip().lower()) if isinstance(value, str) else value
            if not isinstance(flag, bool):
                raise error("cache", f"{key}: expected true or false, got {value!r}")
            values[key] = flag
    for key in ("auth_ttl", "discovery_ttl"):
        if raw.get(key) is not None:
            value = raw[key]
            try:
                seconds = float(value)
            except (TypeError, ValueError):
                seconds = -1.0
            if isinstance(value, bool) or not seconds > 0:
                raise error("cache", f"{key}: expected a number of seconds, got {value!r}")
            values[key] = seconds
    if raw.get("path") is not None:
        if not isinstance(raw["path"], str) or not raw["path"]:
            raise error("cache", f"path: expected a directory, got {raw['path']!r}")
        values["path"] = os.path.expanduser(raw["path"])
    return CacheSettings(**values)


def default_directory() -> str:
    """``$XDG_CACHE_HOME/openstack-core``, else ``~/.cache/openstack-core``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "openstack-core")


_warned: set[str] = set()


def _warn(path: str, problem: str) -> None:
    if path not in _warned:
        _warned.add(path)
        warnings.warn(f"openstack-core cache: {problem}", stacklevel=4)


def _private_problem(st: os.stat_result, what: str, path: str, fix: str) -> str | None:
    """Why a directory or file may not hold tokens; None when it may."""
    uid = os.geteuid()
    if st.st_uid != uid:
        return f"{what} {path} belongs to user id {st.st_uid}, not to you ({uid}); not used"
    if st.st_mode & 0o077:
        mode = stat.S_IMODE(st.st_mode)
        return f"{what} {path} has mode {mode:04o}, open to other users; not used ({fix})"
    return None


class CacheDirectory:
    """The private directory the caches keep their files in.

    ``usable`` is False (after a warning) when the directory cannot be made private:
    it exists with another owner or looser permissions, or is a symbolic link. Every
    read, write and removal opens the directory again (without following a link) and
    checks it, and reaches the file through that descriptor, so a directory swapped or
    opened up after the first check is not used either.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.usable = self._prepare()

    def _prepare(self) -> bool:
        if not hasattr(os, "geteuid") or os.open not in os.supports_dir_fd:
            _warn(self.path, "file permissions cannot be checked on this system; not used")
            return False
        try:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            os.mkdir(self.path, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            _warn(self.path, f"cannot create {self.path}: {exc.strerror}; not used")
            return False
        directory = self._open()
        if directory is None:
            return False
        os.close(directory)
        return True

    def _open(self) -> int | None:
        """A descriptor of the directory, checked private; None (with a warning) if not."""
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            directory = os.open(self.path, flags)
        except OSError as exc:
            _warn(self.path, f"cannot open {self.path} (a link?): {exc.strerror}; not used")
            return None
        problem = _private_problem(
            os.fstat(directory), "directory", self.path, f"chmod 700 {self.path}"
        )
        if problem:
            os.close(directory)
            _warn(self.path, problem)
            return None
        return directory

    def read(self, name: str) -> dict[str, Any] | None:
        """The JSON object in file ``name``; None when it is absent, unreadable or not
        private (a warning says so)."""
        directory = self._open()
        if directory is None:
            return None
        path = os.path.join(self.path, name)
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=directory)
        except FileNotFoundError:
            return None
        except OSError as exc:
            _warn(path, f"cannot read {path}: {exc.strerror}; not used")
            return None
        finally:
            os.close(directory)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            problem = _private_problem(st, "file", path, f"remove it: rm {path}")
            if not stat.S_ISREG(st.st_mode):
                problem = f"{path} is not a regular file; not used"
            if problem:
                _warn(path, problem)
                return None
            data = handle.read()
        try:
            document = json.loads(data)
        except ValueError:
            self.remove(name)  # a torn or foreign file: it is only a cache
            return None
        return document if isinstance(document, dict) else None

    def write(self, name: str, document: dict[str, Any]) -> None:
        """Write ``document`` to file ``name`` (mode 0600), replacing it whole."""
        directory = self._open()
        if directory is None:
            return
        temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(temporary, flags, 0o600, dir_fd=directory)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle)
            os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
        except OSError as exc:
            _warn(os.path.join(self.path, name), f"cannot write it: {exc.strerror}")
            _unlink(temporary, directory)
        finally:
            os.close(directory)

    def remove(self, name: str) -> None:
        """Remove file ``name`` if it exists."""
        directory = self._open()
        if directory is not None:
            _unlink(name, directory)
            os.close(directory)


def _unlink(name: str, directory: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=directory)


def _digest(text: str) -> str:
    import hashlib  # OpenSSL's module costs a millisecond to import: only when used

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _StoredAnswer:
    """What keystoneauth1's ``Discover`` reads from a session, answered from disk: it
    asks ``get(url, ...)`` and decodes ``json()`` as any version document."""

    def __init__(self, versions: list[dict[str, Any]]) -> None:
        self._versions = versions

    def get(self, url: str, **kwargs: Any) -> _StoredAnswer:
        return self

    def json(self) -> dict[str, Any]:
        return {"versions": self._versions}


def _all_versions(document: discover.Discover) -> list[dict[str, Any]]:
    return document.raw_version_data(
        allow_experimental=True, allow_deprecated=True, allow_unknown=True
    )


class DiscoveryCache(dict[str, Any]):
    """keystoneauth1's discovery cache of a Session (``Session(discovery_cache=...)``),
    backed by files: a URL not in memory is looked up on disk, and a document read from
    the network is written there. keystoneauth1 uses ``get`` and item assignment only.
    """

    def __init__(self, directory: CacheDirectory, ttl: float) -> None:
        super().__init__()
        self.directory = directory
        self.ttl = ttl
        #: Documents read from disk and not yet confirmed by the server in this
        #: process, by URL.
        self.unconfirmed: dict[str, Any] = {}
        #: The document each URL's file holds (read or written in this process).
        self._on_disk: dict[str, Any] = {}

    @staticmethod
    def file_name(url: str) -> str:
        """The file that holds the document of ``url``."""
        return f"discovery-{_digest(url)}.json"

    def get(self, url: str, default: Any = None) -> Any:
        found = dict.get(self, url)
        if found is not None:
            return found
        versions = self._read(url)
        if versions is None:
            return default
        from keystoneauth1 import discover

        document = discover.Discover(_StoredAnswer(versions), url)  # type: ignore[arg-type]
        dict.__setitem__(self, url, document)
        self.unconfirmed[url] = self._on_disk[url] = document
        return document

    def __setitem__(self, url: str, document: Any) -> None:
        dict.__setitem__(self, url, document)
        if self._on_disk.get(url) is not document:
            self._on_disk[url] = document
            self._store(url, document)

    def _read(self, url: str) -> list[dict[str, Any]] | None:
        stored = self.directory.read(self.file_name(url))
        if stored is None:
            return None
        age = time.time() - float(stored.get("stored_at", 0))
        versions = stored.get("versions")
        if stored.get("url") != url or not 0 <= age < self.ttl or not isinstance(versions, list):
            self.directory.remove(self.file_name(url))
            return None
        return versions

    def _store(self, url: str, document: Any) -> None:
        try:
            versions = _all_versions(document)
        except Exception:  # not keystoneauth1's Discover: nothing to keep
            return
        self.directory.write(
            self.file_name(url), {"url": url, "stored_at": time.time(), "versions": versions}
        )

    def confirm_after_404(self, session: ks_session.Session, url: str) -> None:
        """A request to ``url`` was answered 404: if ``url`` is under an endpoint found
        through a document read from disk and not yet confirmed, read that document
        again; replace the cached one when it changed, remove it when it cannot be read.
        """
        for doc_url, document in list(self.unconfirmed.items()):
            if not _under(url, _bases(doc_url, document)):
                continue
            del self.unconfirmed[doc_url]  # once per document and process
            from keystoneauth1 import discover
            from keystoneauth1 import exceptions as ksa_exc

            try:
                fresh = discover.Discover(session, doc_url, authenticated=False)
            except ksa_exc.ClientException:
                dict.pop(self, doc_url, None)
                self._on_disk.pop(doc_url, None)
                self.directory.remove(self.file_name(doc_url))
                continue
            if _all_versions(fresh) != _all_versions(document):
                self[doc_url] = fresh


def _bases(url: str, document: Any) -> list[str]:
    """The URL of a discovery document and the ``self`` links of its versions."""
    found = [url]
    for version in _all_versions(document):
        for link in version.get("links") or ():
            if isinstance(link, dict) and link.get("rel") == "self" and link.get("href"):
                found.append(str(link["href"]))
    return found


def _under(url: str, bases: list[str]) -> bool:
    for base in bases:
        base = base.rstrip("/")
        if url == base or url.startswith(base + "/") or url.startswith(base + "?"):
            return True
    return False


def _round_trips(plugin: Any) -> bool:
    """Whether the auth plugin implements keystoneauth1's auth-state API (the base
    class's methods only raise NotImplementedError)."""
    from keystoneauth1 import plugin as ksa_plugin

    base = ksa_plugin.BaseAuthPlugin
    kind = type(plugin)
    return getattr(kind, "get_auth_state", None) not in (None, base.get_auth_state) and getattr(
        kind, "set_auth_state", None
    ) not in (None, base.set_auth_state)


def token_key(config: CloudConfig) -> str | None:
    """The token cache's key for ``config``: the cloud, the auth type and the identity
    options, hashed; None when the options do not name the user."""
    auth = config.auth
    if not any(auth.get(option) for option in _WHO):
        return None
    parts = {"cloud": config.name, "auth_type": config.auth_type}
    for option in _IDENTITY_OPTIONS:
        value = auth.get(option)
        if value not in (None, ""):
            parts[option] = str(value)
    return _digest(json.dumps(parts, sort_keys=True))


class TokenCache:
    """The cached token of one cloud and identity (see the module docstring)."""

    def __init__(self, directory: CacheDirectory, key: str, ttl: float | None) -> None:
        self.directory = directory
        self.file = f"token-{key}.json"
        self.ttl = ttl
        #: The access info last restored or stored (or refused): not stored again.
        self._known: object = None

    def restore(self, plugin: Any) -> bool:
        """Give ``plugin`` the cached token; True when there was a usable one."""
        if not _round_trips(plugin):
            return False
        stored = self.directory.read(self.file)
        if stored is None:
            return False
        age = time.time() - float(stored.get("stored_at", 0))
        state = stored.get("state")
        if not isinstance(state, str) or age < 0 or (self.ttl is not None and age > self.ttl):
            self.directory.remove(self.file)
            return False
        try:
            plugin.set_auth_state(state)
            access = getattr(plugin, "auth_ref", None)
            usable = access is not None and not access.will_expire_soon(MIN_TOKEN_LIFE)
        except Exception:  # a state this plugin cannot read (another keystoneauth1?)
            usable = False
        if not usable:
            plugin.set_auth_state(None)
            self.directory.remove(self.file)
            return False
        self._known = access
        return True

    def store_if_new(self, plugin: Any) -> None:
        """Store the plugin's token if it is one not seen before."""
        access = getattr(plugin, "auth_ref", None)
        if access is None or access is self._known:
            return
        self._known = access
        if not _round_trips(plugin):
            return
        try:
            state = plugin.get_auth_state()
        except NotImplementedError:
            return
        if isinstance(state, str):
            self.directory.write(self.file, {"stored_at": time.time(), "state": state})

    def refused(self, plugin: Any) -> None:
        """The server refused the current token (401): remove it from the cache."""
        self._known = getattr(plugin, "auth_ref", None)
        self.directory.remove(self.file)
