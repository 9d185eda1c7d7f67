"""The image Proxy has every public method of openstacksdk 4.22's image v2 Proxy, with
its positional parameters in the same order, so ported calls run unchanged.

The table lists openstacksdk's methods as ``name(positional parameters)``; keyword-only
parameters and ``**kwargs`` are checked by the tests of each method.
"""

from __future__ import annotations

import inspect

import pytest
from openstack_image.v2._proxy import Proxy

#: openstacksdk 4.22 ``openstack/image/v2/_proxy.py``: each public method and its
#: positional parameters (after ``self``).
OPENSTACKSDK_4_22 = """
    get_image_cache()
    cache_delete_image(image ignore_missing)
    queue_image(image)
    clear_cache(target)
    cached_image_nodes(image)
    clean_cache()
    prune_cache()
    create_image(name)
    import_image(image method)
    stage_image(image)
    upload_image(container_format disk_format data size)
    download_image(image)
    delete_image(image)
    find_image(name_or_id ignore_missing)
    get_image(image)
    images()
    update_image(image)
    add_image_location(image url)
    image_locations(image)
    deactivate_image(image)
    reactivate_image(image)
    update_image_properties(image meta)
    image_tasks(image)
    add_tag(image tag)
    remove_tag(image tag)
    add_member(image)
    remove_member(member image ignore_missing)
    find_member(name_or_id image ignore_missing)
    get_member(member image)
    members(image)
    update_member(member image)
    create_metadef_namespace()
    delete_metadef_namespace(metadef_namespace ignore_missing)
    get_metadef_namespace(metadef_namespace)
    metadef_namespaces()
    update_metadef_namespace(metadef_namespace)
    add_tag_to_metadef_namespace(namespace tag)
    remove_tag_from_metadef_namespace(namespace tag)
    remove_tags_from_metadef_namespace(namespace)
    create_metadef_object(namespace)
    get_metadef_object(metadef_object namespace)
    metadef_objects(namespace)
    update_metadef_object(metadef_object namespace)
    delete_metadef_object(metadef_object namespace)
    delete_all_metadef_objects(namespace)
    metadef_resource_types()
    create_metadef_resource_type_association(metadef_namespace)
    delete_metadef_resource_type_association(metadef_resource_type metadef_namespace ignore_missing)
    metadef_resource_type_associations(metadef_namespace)
    create_metadef_property(metadef_namespace)
    update_metadef_property(metadef_property metadef_namespace)
    delete_metadef_property(metadef_property metadef_namespace ignore_missing)
    metadef_properties(metadef_namespace)
    get_metadef_property(metadef_property metadef_namespace)
    delete_all_metadef_properties(metadef_namespace)
    get_images_schema()
    get_image_schema()
    get_members_schema()
    get_member_schema()
    get_tasks_schema()
    get_task_schema()
    get_metadef_namespace_schema()
    get_metadef_namespaces_schema()
    get_metadef_resource_type_schema()
    get_metadef_resource_types_schema()
    get_metadef_object_schema()
    get_metadef_objects_schema()
    get_metadef_property_schema()
    get_metadef_properties_schema()
    get_metadef_tag_schema()
    get_metadef_tags_schema()
    tasks()
    get_task(task)
    create_task()
    wait_for_task(task status failures interval wait)
    stores(details)
    get_import_info()
    wait_for_status(res status failures interval wait attribute callback)
    wait_for_delete(res interval wait callback)
"""


def _table() -> list[tuple[str, list[str]]]:
    rows = []
    for line in OPENSTACKSDK_4_22.strip().splitlines():
        name, _, params = line.strip().rstrip(")").partition("(")
        rows.append((name, params.split()))
    return rows


def test_the_table_is_complete() -> None:
    assert len(_table()) == 79


@pytest.mark.parametrize(("name", "positional"), _table(), ids=[n for n, _ in _table()])
def test_method_and_positional_parameters(name: str, positional: list[str]) -> None:
    method = getattr(Proxy, name, None)
    assert method is not None, f"openstacksdk's image Proxy has {name}; ours does not"
    parameters = list(inspect.signature(method).parameters.values())[1:]
    ours = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert ours[: len(positional)] == positional
