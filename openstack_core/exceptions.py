"""Every error openstack-core raises, in one tree.

Names match openstacksdk's ``openstack.exceptions`` where a name exists there, so
``except exceptions.NotFoundException`` keeps working after a port. Builtins are mixed
in where the meaning is the same, so generic code can catch them too::

    SDKException
    ├── ConfigException                      file, line: where the bad setting is
    ├── PluginLoadError                      entry_point, distribution, version
    │   └── PluginConflictError              two distributions register one name
    ├── ServiceNotInstalled (AttributeError) service, installed
    ├── EndpointNotFound                     service_type, region_name, interface
    ├── DiscoveryError                       version discovery failed
    ├── SDKConnectionError (ConnectionError) no connection, or it broke or timed out
    │   └── SSLError                         TLS verification failed
    ├── InvalidRequest (ValueError)          the caller asked for something impossible
    │   └── InvalidResourceQuery             unknown query filter
    ├── InvalidResponse                      the server answered something unusable
    ├── MethodNotSupported                   e.g. delete on a resource without allow_delete
    ├── NotSupported                         the server's microversion range is too old
    ├── DuplicateResource                    find() matched more than one resource
    ├── ResourceTimeout (TimeoutError)       wait_for_* ran out of time
    ├── ResourceFailure                      wait_for_* saw a failure status
    └── HttpException                        status_code, request_id, url, method, details,
        │                                    error_code
        ├── BadRequestException              400
        ├── UnauthorizedException            401
        │   └── BodyNotResent                401 to a one-shot body: token renewed, not resent
        ├── ForbiddenException               403
        ├── NotFoundException                404 (alias: ResourceNotFound)
        ├── ConflictException                409
        ├── PreconditionFailedException      412
        ├── RequestEntityTooLarge            413
        ├── TooManyRequests                  429, retry_after
        └── ServerError                      5xx

``HttpException`` messages name the method, URL, status, request id and the server's own
message, taken from whichever error body shape the service uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core._error_body import extract_code, extract_message

if TYPE_CHECKING:
    import requests

__all__ = [
    "BadRequestException",
    "BodyNotResent",
    "ConfigException",
    "ConflictException",
    "DiscoveryError",
    "DuplicateResource",
    "EndpointNotFound",
    "ForbiddenException",
    "HttpException",
    "InvalidRequest",
    "InvalidResourceQuery",
    "InvalidResponse",
    "MethodNotSupported",
    "NotFoundException",
    "NotSupported",
    "PluginConflictError",
    "PluginLoadError",
    "PreconditionFailedException",
    "RequestEntityTooLarge",
    "ResourceFailure",
    "ResourceNotFound",
    "ResourceTimeout",
    "SDKConnectionError",
    "SDKException",
    "SSLError",
    "ServerError",
    "ServiceNotInstalled",
    "TooManyRequests",
    "UnauthorizedException",
    "exception_from_response",
]


class SDKException(Exception):
    """Base of every exception raised by openstack-core and its plugins."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.__class__.__name__
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ConfigException(SDKException):
    """The configuration (clouds.yaml, secure.yaml, ``OS_*`` or arguments) is unusable.

    ``file`` and ``line`` say where the problem is when it comes from a file.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        super().__init__(where + message)


class PluginLoadError(SDKException):
    """A service plugin could not be imported or breaks the plugin contract.

    Only the service concerned is affected; other services keep working.
    """

    def __init__(
        self,
        message: str,
        *,
        entry_point: str | None = None,
        distribution: str | None = None,
        version: str | None = None,
    ) -> None:
        self.entry_point = entry_point
        self.distribution = distribution
        self.version = version
        super().__init__(message)


class PluginConflictError(PluginLoadError):
    """Two distributions register the same ``<service-type>.v<major>`` entry point."""


class ServiceNotInstalled(SDKException, AttributeError):
    """``conn.<service>`` names a service with no installed plugin."""

    def __init__(self, message: str, *, service: str, installed: list[str]) -> None:
        self.service = service
        self.installed = installed
        super().__init__(message)


class EndpointNotFound(SDKException):
    """The cloud's catalog has no endpoint for a service, region and interface."""

    def __init__(
        self,
        message: str,
        *,
        service_type: str | None = None,
        region_name: str | None = None,
        interface: str | None = None,
    ) -> None:
        self.service_type = service_type
        self.region_name = region_name
        self.interface = interface
        super().__init__(message)


class DiscoveryError(SDKException):
    """The service's version discovery document could not be fetched or understood."""


class SDKConnectionError(SDKException, ConnectionError):
    """The endpoint could not be reached (refused, DNS failure, timeout), or the
    connection broke or timed out before the whole answer arrived; the message says
    which."""


class SSLError(SDKConnectionError):
    """TLS verification of the endpoint failed."""


class InvalidRequest(SDKException, ValueError):
    """The caller's arguments cannot make a valid request."""


class InvalidResourceQuery(InvalidRequest):
    """A list or find call got a query filter the resource does not declare."""


class InvalidResponse(SDKException):
    """The server's answer could not be used (bad JSON, missing key, a pagination loop)."""

    def __init__(self, message: str, response: requests.Response | None = None) -> None:
        self.response = response
        super().__init__(message)


class MethodNotSupported(SDKException):
    """The resource type does not allow the operation (its ``allow_*`` flag is off)."""

    def __init__(self, resource: type | object, method: str) -> None:
        cls = resource if isinstance(resource, type) else type(resource)
        self.resource_type = cls
        self.method = method
        super().__init__(
            f"{cls.__module__}.{cls.__qualname__} does not support {method!r}: "
            f"its allow_{method} is False"
        )


class NotSupported(SDKException):
    """The server cannot do what was asked, typically its microversion is too old."""


class DuplicateResource(SDKException):
    """``find`` matched more than one resource; use an id instead of a name."""


class ResourceTimeout(SDKException, TimeoutError):
    """A ``wait_for_*`` call ran out of time before the resource reached its state."""


class ResourceFailure(SDKException):
    """A ``wait_for_*`` call saw the resource enter a failure state."""


class HttpException(SDKException):
    """An HTTP error answered by a service.

    Attributes: ``status_code``, ``request_id``, ``url``, ``method``, ``details`` (the
    server's own message), ``error_code`` (the service's own name for the error, when
    its body has one: Neutron's ``NeutronError.type`` such as
    ``SecurityGroupRuleExists``, an API-SIG ``errors[].code``, Nova's fault name such as
    ``itemNotFound``) and ``response`` (the :class:`requests.Response`).
    """

    #: What the user can do about it; appended to the message.
    hint: str = ""

    def __init__(
        self,
        message: str | None = None,
        *,
        response: requests.Response | None = None,
        status_code: int | None = None,
        request_id: str | None = None,
        url: str | None = None,
        method: str | None = None,
        details: str | None = None,
        error_code: str | None = None,
    ) -> None:
        self.response = response
        self.error_code = error_code
        self.status_code = status_code
        self.request_id = request_id
        self.url = url
        self.method = method
        self.details = details
        super().__init__(message or self._compose())

    @property
    def http_status(self) -> int | None:
        """openstacksdk's name for :attr:`status_code`."""
        return self.status_code

    def _compose(self) -> str:
        parts = []
        if self.method or self.url:
            parts.append(f"{self.method or ''} {self.url or ''}".strip())
        parts.append(f"returned HTTP {self.status_code}" if self.status_code else "failed")
        text = " ".join(parts)
        if self.request_id:
            text += f" (request id {self.request_id})"
        if self.details:
            text += f": {self.details}"
        if self.hint:
            # Servers often end their message with a full stop of their own.
            text = f"{text.rstrip('.')}. {self.hint}"
        return text


class BadRequestException(HttpException):
    """HTTP 400: the server rejected the request's content."""


class UnauthorizedException(HttpException):
    """HTTP 401: the credentials or token were not accepted."""

    hint = "Check the credentials, or whether the token has expired"


class BodyNotResent(UnauthorizedException):
    """HTTP 401 to a request whose body was a one-shot stream (a generator, a file object).

    The token was renewed, but the body was consumed by the first send, so it was not
    sent again: sending what was left of it would store partial or empty data. Send the
    data again from its start; a path, bytes or a seekable file can be re-read.
    """

    hint = (
        "The token was renewed, but the request's data came from a stream that was "
        "consumed as it was sent, so it was not resent: send the data again from its start"
    )


class ForbiddenException(HttpException):
    """HTTP 403: authenticated, but not allowed to do this."""

    hint = "The credentials lack the role or policy this call needs"


class NotFoundException(HttpException):
    """HTTP 404: no such resource or URL."""


#: openstacksdk's alias of :class:`NotFoundException`.
ResourceNotFound = NotFoundException


class ConflictException(HttpException):
    """HTTP 409: the resource's current state does not allow this."""


class PreconditionFailedException(HttpException):
    """HTTP 412: a conditional request's precondition did not hold."""


class RequestEntityTooLarge(HttpException):
    """HTTP 413: the request was too large, or a quota or rate limit was exceeded."""


class TooManyRequests(HttpException):
    """HTTP 429: rate limited; ``retry_after`` holds the server's delay in seconds."""

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        response = kwargs.get("response")
        self.retry_after = _retry_after(response)
        super().__init__(message, **kwargs)

    @property
    def hint(self) -> str:  # type: ignore[override]
        if self.retry_after is not None:
            return f"Retry after {self.retry_after:g} seconds"
        return "Slow down and retry later"


class ServerError(HttpException):
    """HTTP 5xx: the service failed; the request id helps its operators find out why."""


_STATUS_CLASSES: dict[int, type[HttpException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    412: PreconditionFailedException,
    413: RequestEntityTooLarge,
    429: TooManyRequests,
}


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def request_id_of(response: requests.Response) -> str | None:
    """The request id a service put in its response headers, if any."""
    headers = response.headers
    return headers.get("x-openstack-request-id") or headers.get("x-compute-request-id")


def exception_from_response(
    response: requests.Response,
    *,
    method: str | None = None,
    url: str | None = None,
    details: str | None = None,
    error_message: str | None = None,
    cls: type[HttpException] | None = None,
    error_code: str | None = None,
) -> HttpException:
    """Build the exception for an HTTP error response, with its status, request id,
    method, URL and the server's message.

    Service plugins call it from ``Proxy.exception_for_response``:

    * ``details`` replaces the message parsed from the body (for error bodies of the
      service's own shape);
    * ``error_message`` is the caller's context for a missing resource (``"No Zone
      found for abc"``), put before the details when the exception is a
      :class:`NotFoundException`; for any other error it would mislead (a 403 on a
      protected image is not "no image found"), so it is left out;
    * ``cls`` chooses the class when the status alone says the wrong thing (a service
      answering 400 for a missing resource: ``cls=NotFoundException``);
      ``status_code`` stays what the server sent;
    * ``error_code`` replaces the service's error code parsed from the body.

    The body is never required to be JSON.
    """
    status = response.status_code
    if cls is None:
        cls = _STATUS_CLASSES.get(status)
        if cls is None:
            cls = ServerError if status >= 500 else HttpException
    if details is None:
        details = extract_message(response)
    if error_code is None:
        error_code = extract_code(response)
    if error_message and issubclass(cls, NotFoundException):
        details = f"{error_message} ({details})" if details else error_message
    request = response.request
    return cls(
        response=response,
        status_code=status,
        request_id=request_id_of(response),
        url=url or (request.url if request is not None else response.url),
        method=method or (request.method if request is not None else None),
        details=details,
        error_code=error_code,
    )
