# Styx's part of the Hub's configuration under zero-to-jupyterhub. The chart renders it into the
# Secret styx-hub, which the Hub pod mounts (values.yaml: jupyterhub.hub.extraVolumes) so that
# z2jh's jupyterhub_config.py runs it from jupyterhub_config.d, after hub.services and
# hub.loadRoles are in `c`. What it reads sits beside it in /usr/local/etc/jupyterhub/styx:
# styx.json (the services and roles of the enabled optional components, rendered from the
# values) and each service's API token (<name>.apiToken, generated once by the chart).
#
# The health and environments services are declared here rather than in hub.services because
# the chart can turn them on and off: a parent chart's values cannot add to or remove from its
# subchart's. Locally, hub-services/jupyterhub/jupyterhub_config.py does the same for the local
# spawners; this file is its KubeSpawner counterpart.
import json
import os
from pathlib import Path

# The mount; STYX_HUB_CONFIG_DIR only for the chart's tests (helm/test/hub-config-check.py).
STYX_DIR = Path(os.environ.get("STYX_HUB_CONFIG_DIR", "/usr/local/etc/jupyterhub/styx"))
styx_settings = json.loads((STYX_DIR / "styx.json").read_text())

for styx_service in styx_settings["services"]:
    styx_service = {
        **styx_service,
        "api_token": (STYX_DIR / f"{styx_service['name']}.apiToken").read_text().strip(),
    }
    c.JupyterHub.services.append(styx_service)  # noqa: F821 (c: the Hub's config)
for styx_role in styx_settings["roles"]:
    c.JupyterHub.load_roles.append(styx_role)  # noqa: F821

# --- Environments: the user's profiles at spawn, and the choice enforced -----------------------
# KubeSpawner's profile_list may be a function of the spawner (KubeSpawner docs, profile_list):
# it asks the environments service which profiles this user's groups allow, so KubeSpawner's own
# form lists them. The pre_spawn_hook (which runs before KubeSpawner loads the chosen profile)
# asks the service to decide (allowed? quota left?) and applies the profile's settings to the
# spawner's traits; the profiles carry no kubespawner_override, so nothing undoes them.
if styx_settings["environments"]:
    from html import escape

    from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

    try:
        from jupyterhub.spawner import SpawnException  # JupyterHub 6
    except ImportError:  # JupyterHub 5, as z2jh 4.x ships: an HTTPError says the same to the user
        from tornado.web import HTTPError

        class SpawnException(HTTPError):
            def __init__(self, message, *, reason, log_message="", status_code=400):
                super().__init__(status_code, "%s", log_message or message)
                # JupyterHub's error page and API answer show this (BaseHandler.write_error).
                self.jupyterhub_message = message
                self.message = message

    ENVIRONMENTS_API = styx_settings["environments"]["api"]
    ENVIRONMENTS_TOKEN = (STYX_DIR / "environments.apiToken").read_text().strip()

    async def environments_call(path, body):
        """POST to the environments service; its 400/403 becomes the user's, with its sentence."""
        request = HTTPRequest(
            ENVIRONMENTS_API + path,
            method="POST",
            headers={
                "Authorization": f"token {ENVIRONMENTS_TOKEN}",
                "Content-Type": "application/json",
            },
            body=json.dumps(body),
            request_timeout=30,
        )
        try:
            response = await AsyncHTTPClient().fetch(request)
        except HTTPClientError as error:
            if error.code in (400, 403) and error.response is not None:
                message = json.loads(error.response.body).get("description", "refused")
                raise SpawnException(message, reason="profile", status_code=error.code) from None
            raise SpawnException(
                "the environments service could not check this server's profile; try again soon",
                reason="environments-service",
                status_code=503,
                log_message=f"environments service: {error}",
            ) from None
        except OSError as error:
            raise SpawnException(
                "the environments service is not reachable; try again soon",
                reason="environments-service",
                status_code=503,
                log_message=f"environments service: {error}",
            ) from None
        return json.loads(response.body) if response.body else None

    def spawning_user(spawner):
        user = spawner.user
        return {
            "user": user.name,
            "admin": bool(user.admin),
            "groups": [group.name for group in user.groups],
        }

    def profile_entry(profile, first):
        """One profile as KubeSpawner's profile_list has it (its form escapes nothing: HTML-safe)."""
        gpu = f", {profile['gpu']} GPU" if profile["gpu"] else ""
        return {
            "slug": profile["slug"],
            "display_name": escape(profile["displayName"]),
            "description": escape(
                f"{profile['description']} ({profile['cpu']} CPU, {profile['memory']} memory{gpu})"
            ),
            "default": first,
        }

    async def styx_profile_list(spawner):
        """The profiles this user may pick; none defined: an empty list, no form, the defaults."""
        answer = await environments_call("hub/spawn-options", spawning_user(spawner))
        return [profile_entry(p, i == 0) for i, p in enumerate(answer["profiles"])]

    async def styx_pre_spawn_hook(spawner):
        """Refuses a profile the user may not use (or has no quota for); applies the one allowed."""
        requested = (spawner.user_options or {}).get("profile")
        if requested is not None and not isinstance(requested, str):
            raise SpawnException(
                "'profile' must be a profile's slug (a string)", reason="profile", status_code=400
            )
        asked = {**spawning_user(spawner), "server": spawner.name}
        if requested:
            asked["profile"] = requested
        decision = await environments_call("hub/spawns", asked)
        settings = decision.get("settings")
        if not settings:
            return  # no profile defined yet: the chart's singleuser defaults
        spawner.mem_limit = settings["mem_limit"]
        spawner.cpu_limit = settings["cpu_limit"]
        spawner.image = settings["image"]
        spawner.environment = {**spawner.environment, **settings["environment"]}
        kube = settings["kubernetes"]
        # The GPU (nvidia.com/gpu), beside what singleuser.extraResource already limits.
        spawner.extra_resource_limits = {
            **spawner.extra_resource_limits,
            **kube["extra_resource_limits"],
        }
        # The profile's mounts after the home volume z2jh configures.
        spawner.volumes = [*spawner.volumes, *kube["volumes"]]
        spawner.volume_mounts = [*spawner.volume_mounts, *kube["volume_mounts"]]

    async def styx_post_stop_hook(spawner):
        await environments_call("hub/stops", {"user": spawner.user.name, "server": spawner.name})

    c.KubeSpawner.profile_list = styx_profile_list  # noqa: F821
    c.KubeSpawner.pre_spawn_hook = styx_pre_spawn_hook  # noqa: F821
    c.KubeSpawner.post_stop_hook = styx_post_stop_hook  # noqa: F821
