"""Proxy methods for users (password included), groups and membership, application
credentials and access rules, credentials and trusts."""

from __future__ import annotations

from typing import Any

from openstack_core import crud, proxy, resource
from openstack_identity.v3 import _secrets
from openstack_identity.v3.application_credential import AccessRule, ApplicationCredential
from openstack_identity.v3.credential import Credential
from openstack_identity.v3.group import Group, UserGroup
from openstack_identity.v3.trust import Trust
from openstack_identity.v3.user import GroupUser, User


class UserMethods(proxy.Proxy):
    """Who acts: users, groups, and what they authenticate or delegate with."""

    # -- users --------------------------------------------------------------------------

    users = crud.lister(User)
    get_user = crud.getter(User)
    find_user = crud.finder(User)
    update_user = crud.updater(User)
    delete_user = crud.deleter(User)

    def create_user(self, **attrs: Any) -> User:
        """Create a user (``name``, ``domain_id``, ``password``, ...); the password is
        kept out of logs and out of any error message."""
        with _secrets.hidden(attrs.get("password")):
            return self._create(User, **attrs)

    def update_password(self, user: str | User, current_password: str, password: str) -> None:
        """Change the password of ``user``, the user the token belongs to (Keystone
        then revokes that user's tokens: connect again with the new password)."""
        with _secrets.hidden(current_password, password):
            self._get_resource(User, user).update_password(self, current_password, password)

    # -- groups and membership ------------------------------------------------------------

    groups = crud.lister(Group)
    get_group = crud.getter(Group)
    find_group = crud.finder(Group)
    create_group = crud.creator(Group)
    update_group = crud.updater(Group)
    delete_group = crud.deleter(Group)
    #: ``group_users(group, **query)``: the members of ``group``.
    group_users = crud.lister(GroupUser, parent="group_id")
    #: ``user_groups(user)``: the groups ``user`` belongs to.
    user_groups = crud.lister(UserGroup, parent="user_id")

    def add_user_to_group(self, user: str | User, group: str | Group) -> None:
        """Make ``user`` a member of ``group`` (nothing happens if it is one)."""
        self._get_resource(Group, group).add_user(self, user)

    def remove_user_from_group(self, user: str | User, group: str | Group) -> None:
        """Remove ``user`` from ``group``; NotFoundException if it is no member."""
        self._get_resource(Group, group).remove_user(self, user)

    def check_user_in_group(self, user: str | User, group: str | Group) -> bool:
        """Whether ``user`` is a member of ``group``."""
        return self._get_resource(Group, group).check_user(self, user)

    # -- application credentials and access rules -----------------------------------------

    #: ``application_credentials(user, **query)``: the user's application credentials.
    application_credentials = crud.lister(ApplicationCredential, parent="user_id")

    def get_application_credential(
        self, user: str | User, application_credential: str | ApplicationCredential
    ) -> ApplicationCredential:
        """One application credential of ``user`` (without its secret)."""
        return self._get(
            ApplicationCredential, application_credential, user_id=resource.id_of(user)
        )

    def create_application_credential(
        self, user: str | User, name: str, **attrs: Any
    ) -> ApplicationCredential:
        """Create an application credential for ``user`` (who must be the token's user)
        on the token's project; the answer's ``secret`` is shown this once.

        ``roles=[{"name": "member"}]`` limits its roles, ``access_rules=[{"service":
        "identity", "method": "GET", "path": "/v3/projects"}]`` its API calls,
        ``unrestricted=True`` lets it create more credentials, ``expires_at`` ends it.
        """
        with _secrets.hidden(attrs.get("secret")):
            return self._create(
                ApplicationCredential, name=name, user_id=resource.id_of(user), **attrs
            )

    def find_application_credential(
        self,
        user: str | User,
        name_or_id: str,
        ignore_missing: bool = True,
        **query: Any,
    ) -> ApplicationCredential | None:
        """The application credential of ``user`` whose id, or else name, is
        ``name_or_id``; None if there is none (unless ``ignore_missing=False``)."""
        return ApplicationCredential.find(
            self, name_or_id, ignore_missing, user_id=resource.id_of(user), **query
        )

    def delete_application_credential(
        self,
        user: str | User,
        application_credential: str | ApplicationCredential,
        ignore_missing: bool = True,
    ) -> None:
        """Delete an application credential of ``user`` (tokens made with it stop
        working)."""
        self._delete(
            ApplicationCredential,
            application_credential,
            ignore_missing=ignore_missing,
            user_id=resource.id_of(user),
        )

    #: ``access_rules(user, **query)``: the access rules of the user's credentials.
    access_rules = crud.lister(AccessRule, parent="user_id")

    def get_access_rule(self, user: str | User, access_rule: str | AccessRule) -> AccessRule:
        """One access rule of ``user``."""
        return self._get(AccessRule, access_rule, user_id=resource.id_of(user))

    def delete_access_rule(
        self, user: str | User, access_rule: str | AccessRule, ignore_missing: bool = True
    ) -> None:
        """Delete an access rule of ``user`` no application credential uses any more."""
        self._delete(
            AccessRule, access_rule, ignore_missing=ignore_missing, user_id=resource.id_of(user)
        )

    # -- credentials ----------------------------------------------------------------------

    credentials = crud.lister(Credential)
    get_credential = crud.getter(Credential)
    find_credential = crud.finder(Credential)
    create_credential = crud.creator(Credential)
    update_credential = crud.updater(Credential)
    delete_credential = crud.deleter(Credential)

    # -- trusts -------------------------------------------------------------------------

    trusts = crud.lister(Trust)
    get_trust = crud.getter(Trust)
    find_trust = crud.finder(Trust)
    create_trust = crud.creator(Trust)
    delete_trust = crud.deleter(Trust)
