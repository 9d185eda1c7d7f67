"""SSH keypairs for the fake's keypair API: Ed25519 generated in pure Python (RFC 8032),
written as OpenSSH writes them, and Nova's fingerprints of any OpenSSH public key.

Nova generates RSA keys; the fake generates Ed25519 ones, which are as valid to every
SSH tool and take a pure-Python implementation of a few lines, with no dependency.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct

__all__ = ["fingerprint", "generate"]

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_GY = 4 * pow(5, _P - 2, _P) % _P


def _recover_x(y: int, sign: int) -> int:
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * pow(2, (_P - 1) // 4, _P) % _P
    if x % 2 != sign:
        x = _P - x
    return x


_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % _P)
Point = tuple[int, int, int, int]


def _add(p: Point, q: Point) -> Point:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _multiply(scalar: int, point: Point) -> Point:
    result: Point = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _encode(point: Point) -> bytes:
    inverse = pow(point[2], _P - 2, _P)
    x, y = point[0] * inverse % _P, point[1] * inverse % _P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _public_key(seed: bytes) -> bytes:
    digest = hashlib.sha512(seed).digest()
    scalar = int.from_bytes(digest[:32], "little")
    scalar &= (1 << 254) - 8
    scalar |= 1 << 254
    return _encode(_multiply(scalar, _G))


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def generate(comment: str) -> tuple[str, str]:
    """A new Ed25519 keypair: (OpenSSH private key PEM, ``ssh-ed25519 ... comment``)."""
    seed = os.urandom(32)
    public = _public_key(seed)
    blob = _string(b"ssh-ed25519") + _string(public)
    check = os.urandom(4)
    private = check + check + blob + _string(seed + public) + _string(comment.encode())
    private += bytes(range(1, 1 + (-len(private) % 8)))
    body = (
        b"openssh-key-v1\0"
        + _string(b"none")
        + _string(b"none")
        + _string(b"")
        + struct.pack(">I", 1)
        + _string(blob)
        + _string(private)
    )
    text = base64.b64encode(body).decode()
    lines = [text[i : i + 70] for i in range(0, len(text), 70)]
    pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + "\n".join(lines)
    pem += "\n-----END OPENSSH PRIVATE KEY-----\n"
    return pem, f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


def fingerprint(public_key: str) -> str | None:
    """Nova's fingerprint of an OpenSSH public key (md5 of the key blob, as
    ``aa:bb:...``); None when it is not one."""
    parts = public_key.strip().split()
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-")):
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(blob) < 4 or blob[4 : 4 + struct.unpack(">I", blob[:4])[0]] != parts[0].encode():
        return None
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, 32, 2))
