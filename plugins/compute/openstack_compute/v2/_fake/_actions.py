"""``POST /servers/{id}/action``: the actions that move a server through Nova's states
(reboot, os-stop, os-start, pause, suspend, shelve, rescue, lock, ...)."""

from __future__ import annotations

import secrets
from typing import Any

from openstack_compute.v2._fake._base import PAUSED, RUNNING, SHUTDOWN, SUSPENDED
from openstack_compute.v2._fake._servers import ServerRoutes, invalid
from openstack_core import fakes

_CONSOLE = "FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE"


class ActionRoutes(ServerRoutes):
    """The server actions; each checks the lock and the states Nova allows."""

    # -- actions ----------------------------------------------------------------------

    def _allow(
        self,
        request: fakes.Request,
        server: dict[str, Any],
        action: str,
        vm_states: tuple[str, ...],
        task_states: tuple[str | None, ...] = (None,),
    ) -> None:
        self._check_lock(request, server)
        for attr, allowed in (("vm_state", vm_states), ("task_state", task_states)):
            if server[attr] not in allowed:
                raise fakes.Fault(
                    409,
                    f"Cannot '{action}' instance {server['id']} while it is in {attr} "
                    f"{server[attr]}",
                )

    def _transition(
        self,
        request: fakes.Request,
        server: dict[str, Any],
        action: str,
        task_state: str,
        event: str,
        **final: Any,
    ) -> None:
        server["task_state"] = task_state
        server["updated_at"] = self.now()
        self.record_action(request, server, action, event)
        self.schedule(server, "action_delay", **final)

    @fakes.route("POST", "/v2.1/servers/{server_id}/action")
    def server_action(self, request: fakes.Request, server_id: str) -> fakes.Response:
        """Every ``POST .../action`` (reboot, os-stop, resize, lock, ...)."""
        server = self.server_of(request, server_id)
        body = request.json_object()
        if len(body) != 1:
            raise fakes.Fault(400, "Malformed request body: one action per request")
        ((name, args),) = body.items()
        handler = getattr(self, "_action_" + name.replace("-", "_").lower(), None)
        if handler is None:
            raise fakes.Fault(400, f"There is no such action: {name}")
        result: fakes.Response | None = handler(request, server, args)
        return result if result is not None else fakes.Response.empty(202)

    def _action_reboot(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        kind = str((args or {}).get("type", "")).upper()
        if kind not in ("SOFT", "HARD"):
            raise invalid("type", kind, "It must be SOFT or HARD")
        states = (
            ("active",) if kind == "SOFT" else ("active", "stopped", "paused", "suspended", "error")
        )
        self._allow(request, server, "reboot", states, (None, "rebooting", "rebooting_hard"))
        task = "rebooting" if kind == "SOFT" else "rebooting_hard"
        self._transition(
            request,
            server,
            "reboot",
            task,
            "compute_reboot_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_os_stop(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "stop", ("active", "error"))
        self._transition(
            request,
            server,
            "stop",
            "powering-off",
            "compute_stop_instance",
            vm_state="stopped",
            power_state=SHUTDOWN,
        )

    def _action_os_start(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "start", ("stopped",))
        self._transition(
            request,
            server,
            "start",
            "powering-on",
            "compute_start_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_pause(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "pause", ("active",))
        self._transition(
            request,
            server,
            "pause",
            "pausing",
            "compute_pause_instance",
            vm_state="paused",
            power_state=PAUSED,
        )

    def _action_unpause(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "unpause", ("paused",))
        self._transition(
            request,
            server,
            "unpause",
            "unpausing",
            "compute_unpause_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_suspend(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "suspend", ("active",))
        self._transition(
            request,
            server,
            "suspend",
            "suspending",
            "compute_suspend_instance",
            vm_state="suspended",
            power_state=SUSPENDED,
        )

    def _action_resume(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "resume", ("suspended",))
        self._transition(
            request,
            server,
            "resume",
            "resuming",
            "compute_resume_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_shelve(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "shelve", ("active", "stopped", "paused", "suspended"))
        self._transition(
            request,
            server,
            "shelve",
            "shelving",
            "compute_shelve_instance",
            vm_state="shelved_offloaded",
            power_state=SHUTDOWN,
        )

    def _action_shelveoffload(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        self._allow(request, server, "shelveOffload", ("shelved",))
        self._transition(
            request,
            server,
            "shelveOffload",
            "shelving_offloading",
            "compute_shelve_offload_instance",
            vm_state="shelved_offloaded",
        )

    def _action_unshelve(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "unshelve", ("shelved", "shelved_offloaded"))
        self._transition(
            request,
            server,
            "unshelve",
            "unshelving",
            "compute_unshelve_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_rescue(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> fakes.Response:
        self._allow(request, server, "rescue", ("active", "stopped", "error"))
        self._transition(
            request,
            server,
            "rescue",
            "rescuing",
            "compute_rescue_instance",
            vm_state="rescued",
            power_state=RUNNING,
        )
        password = (args or {}).get("adminPass") or secrets.token_urlsafe(9)
        return fakes.Response.json({"adminPass": password}, 200)

    def _action_unrescue(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "unrescue", ("rescued",))
        self._transition(
            request,
            server,
            "unrescue",
            "unrescuing",
            "compute_unrescue_instance",
            vm_state="active",
            power_state=RUNNING,
        )

    def _action_lock(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        reason = (args or {}).get("locked_reason") if isinstance(args, dict) else None
        if reason is not None and not request.at_least("2.73"):
            raise fakes.Fault(
                400, "Additional properties are not allowed ('locked_reason' was unexpected)"
            )
        server["locked_by"] = "admin" if request.is_admin else "owner"
        server["locked_reason"] = reason
        self.record_action(request, server, "lock")

    def _action_unlock(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        if server["locked_by"] == "admin" and not request.is_admin:
            raise fakes.Fault(
                403,
                "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override "
                "to be performed.",
            )
        server["locked_by"] = server["locked_reason"] = None
        self.record_action(request, server, "unlock")

    def _action_os_resetstate(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        self.admin_only(request, "os_compute_api:os-admin-actions:reset_state")
        state = (args or {}).get("state")
        if state not in ("active", "error"):
            raise invalid("state", state, "It must be 'active' or 'error'")
        server["vm_state"], server["task_state"], server["pending"] = state, None, None

    def _action_changepassword(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        self._allow(request, server, "changePassword", ("active",))
        if not isinstance((args or {}).get("adminPass"), str):
            raise invalid("adminPass", None, "None is not of type 'string'")

    def _action_os_getconsoleoutput(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> fakes.Response:
        lines = _CONSOLE.split("\n")
        length = (args or {}).get("length")
        if length is not None and int(length) >= 0:
            lines = lines[-int(length) :] if int(length) else []
        return fakes.Response.json({"output": "\n".join(lines)}, 200)

    def _action_trigger_crash_dump(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        if not request.at_least("2.17"):
            raise fakes.Fault(400, "There is no such action: trigger_crash_dump")
        self._allow(
            request,
            server,
            "trigger_crash_dump",
            ("active", "paused", "rescued", "resized", "error"),
        )

    def _action_addsecuritygroup(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        name = str((args or {}).get("name"))
        if name not in server["security_groups"]:
            server["security_groups"].append(name)

    def _action_removesecuritygroup(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        name = str((args or {}).get("name"))
        if name not in server["security_groups"]:
            raise fakes.Fault(
                404, f"Security group {name} not associated with the instance {server['id']}"
            )
        server["security_groups"].remove(name)
