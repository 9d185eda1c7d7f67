"""Image members against real Glance 33: project demo shares a ``shared`` image with
project other, whose user accepts (or rejects) it and then sees (or does not see) it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openstack_core import exceptions

DATA = b"shared image data " * 4096


@pytest.fixture(scope="module")
def shared(glance: Any, image: Any, remove: Any) -> Iterator[Any]:
    created = image.create_image(
        glance.name("shared"),
        data=DATA,
        disk_format="raw",
        container_format="bare",
        visibility="shared",
    )
    try:
        yield created
    finally:
        remove(image, [created])


@pytest.fixture
def other_project(other_cloud: Any) -> str:
    return str(other_cloud.current_project_id)


@pytest.fixture
def membership(image: Any, shared: Any, other_project: str) -> Iterator[Any]:
    """Project other is a (pending) member of the shared image during the test."""
    member = image.add_member(shared, member_id=other_project)
    try:
        yield member
    finally:
        image.remove_member(other_project, shared)


def _ids(images: Any) -> list[str]:
    return [str(i.id) for i in images]


def test_add_member_and_look_it_up(
    glance: Any, demo_cloud: Any, image: Any, shared: Any, other_project: str
) -> None:
    with glance.record(demo_cloud) as wire:
        member = image.add_member(shared, member_id=other_project)
    try:
        (post,) = wire.exchanges
        assert post.body == {"member": other_project}  # Glance's own body shape
        assert (member.member_id, member.id) == (other_project, other_project)
        assert member.image_id == shared.id and member.status == "pending"
        assert member.created_at and member.schema == "/v2/schemas/member"
        assert [m.member_id for m in image.members(shared)] == [other_project]
        assert image.get_member(other_project, shared).status == "pending"
        assert image.find_member(other_project, shared).member_id == other_project
        assert image.find_member("no-such-project", shared) is None
    finally:
        image.remove_member(member, shared)
    assert list(image.members(shared)) == []


def test_pending_image_is_listed_only_when_asked(
    other_cloud: Any, shared: Any, membership: Any
) -> None:
    other = other_cloud.image
    assert shared.id not in _ids(other.images())
    assert shared.id in _ids(other.images(member_status="pending"))
    assert shared.id not in _ids(other.images(member_status="accepted"))


def test_member_accepts_then_sees_and_downloads(
    image: Any, other_cloud: Any, shared: Any, membership: Any, other_project: str
) -> None:
    other = other_cloud.image
    accepted = other.update_member(other_project, shared, status="accepted")
    assert accepted.status == "accepted" and accepted.member_id == other_project
    assert image.get_member(other_project, shared).status == "accepted"
    assert shared.id in _ids(other.images(member_status="accepted"))
    assert shared.id in _ids(other.images())  # accepted images join the default list
    assert shared.id in _ids(other.images(visibility="shared"))
    assert other.get_image(shared.id).name == shared.name
    assert other.download_image(shared.id) == DATA  # verified against the record's hash
    # A member may look at the members but not change the image (a policy denial).
    assert [m.member_id for m in other.members(shared.id)] == [other_project]
    with pytest.raises(exceptions.ForbiddenException, match="modify_image") as err:
        other.update_image(shared.id, name="taken over")
    assert "credentials" in str(err.value)  # a policy denial, hint about roles


def test_member_rejects(other_cloud: Any, shared: Any, membership: Any, other_project: str) -> None:
    other = other_cloud.image
    assert other.update_member(other_project, shared, status="rejected").status == "rejected"
    assert shared.id in _ids(other.images(member_status="rejected"))
    assert shared.id not in _ids(other.images())


def test_removed_member_loses_the_image(
    image: Any, other_cloud: Any, shared: Any, other_project: str
) -> None:
    image.add_member(shared, member_id=other_project)
    other_cloud.image.update_member(other_project, shared, status="accepted")
    image.remove_member(other_project, shared)
    with pytest.raises(exceptions.NotFoundException):
        other_cloud.image.get_image(shared.id)
    assert shared.id not in _ids(other_cloud.image.images(member_status="accepted"))
    image.remove_member(other_project, shared)  # already gone: ignored by default
    with pytest.raises(exceptions.NotFoundException) as err:
        image.remove_member(other_project, shared, ignore_missing=False)
    assert "not found in the member list" in str(err.value)
