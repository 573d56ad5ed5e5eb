"""Runs the chart's files/styx_hub.py as z2jh's jupyterhub_config.py would, then its hooks.

Usage: python hub-config-check.py <styx_hub.py> <dir with styx.json and the tokens> <api port> [5]

With a last argument 5, jupyterhub.spawner's SpawnException is hidden first, as in JupyterHub 5
(z2jh 4.x's Hub), which has none: the file's own fallback is then what refuses.

The Hub's config object is a real traitlets Config holding z2jh's lists; the environments
service is played by a small tornado server on <api port> (the one network seam), answering
as hub-services/environments/src/routes/spawn-hooks.ts does, so that what KubeSpawner would
receive (its profile_list, the traits the pre_spawn_hook sets, the user's 403) is observed
without a cluster. Prints one JSON report on stdout.
"""

import asyncio
import json
import os
import sys
from types import SimpleNamespace

from tornado.web import Application, RequestHandler
from traitlets.config import Config

config_file, config_dir, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
if sys.argv[4:] == ["5"]:
    import jupyterhub.spawner

    del jupyterhub.spawner.SpawnException
os.environ["STYX_HUB_CONFIG_DIR"] = config_dir
seen = []

PROFILE = {
    "slug": "gpu-small",
    "displayName": "GPU <small>",
    "description": "One GPU & 8 GiB",
    "cpu": 2,
    "memory": "8G",
    "gpu": 1,
}
SETTINGS = {
    "mem_limit": "8G",
    "cpu_limit": 2,
    "image": "registry.example.org/styx-gpu:1",
    "environment": {"STYX_PROFILE": "gpu-small"},
    "batch": {},
    "kubernetes": {
        "extra_resource_limits": {"nvidia.com/gpu": "1"},
        "volumes": [{"name": "styx-mount-0", "persistentVolumeClaim": {"claimName": "era5"}}],
        "volume_mounts": [{"name": "styx-mount-0", "mountPath": "/data/era5", "readOnly": True}],
    },
}


class Hook(RequestHandler):
    def post(self, path):
        body = json.loads(self.request.body)
        authorization = self.request.headers.get("Authorization")
        seen.append({"path": path, "authorization": authorization, "body": body})
        if path == "spawn-options":
            self.write({"profiles": [PROFILE]})
        elif body.get("profile") == "forbidden":
            self.set_status(403)
            self.write({"description": "profile 'forbidden' is not allowed for alice"})
        elif path == "spawns":
            self.write({"profile": "gpu-small", "version": 1, "settings": SETTINGS})
        else:
            self.set_status(204)


def fake_spawner(options):
    group = SimpleNamespace(name="hydro")
    return SimpleNamespace(
        user=SimpleNamespace(name="alice", admin=False, groups=[group]),
        name="",
        user_options=options,
        mem_limit=None,
        cpu_limit=None,
        image="styx-notebook:0.1.0",
        environment={"JUPYTER_GATEWAY_URL": "http://styx-kernels:8085/services/kernels"},
        extra_resource_limits={},
        volumes=[{"name": "home", "persistentVolumeClaim": {"claimName": "claim-alice"}}],
        volume_mounts=[{"name": "home", "mountPath": "/home/jovyan"}],
    )


async def main():
    Application([(r"/services/environments/api/hub/(.*)", Hook)]).listen(port, "127.0.0.1")
    c = Config()
    # What z2jh's jupyterhub_config.py has set before it runs jupyterhub_config.d.
    c.JupyterHub.services = [{"name": "catalog", "url": "http://styx-catalog:8081"}]
    c.JupyterHub.load_roles = []
    with open(config_file) as f:
        exec(compile(f.read(), "styx_hub.py", "exec"), {"c": c})
    report = {
        "services": c.JupyterHub.services,
        "roles": c.JupyterHub.load_roles,
        "profile_list_callable": callable(c.KubeSpawner.get("profile_list")),
    }
    if report["profile_list_callable"]:
        report["profile_list"] = await c.KubeSpawner.profile_list(fake_spawner({}))
        spawner = fake_spawner({"profile": "gpu-small"})
        await c.KubeSpawner.pre_spawn_hook(spawner)
        traits = ("mem_limit", "cpu_limit", "image", "environment")
        traits += ("extra_resource_limits", "volumes", "volume_mounts")
        report["spawner"] = {k: getattr(spawner, k) for k in traits}
        try:
            await c.KubeSpawner.pre_spawn_hook(fake_spawner({"profile": "forbidden"}))
            report["refused"] = None
        except Exception as error:  # SpawnException
            report["refused"] = {
                "type": f"{type(error).__module__}.{type(error).__name__}",
                "status": error.status_code,
                # What JupyterHub's error page and API answer show (BaseHandler.write_error).
                "message": getattr(error, "jupyterhub_message", None) or error.message,
            }
        await c.KubeSpawner.post_stop_hook(spawner)
    report["calls"] = seen
    print(json.dumps(report))


asyncio.run(main())
