# The Styx JupyterHub: one readable configuration, every setting from the environment.
#
# `npm start` runs it locally (scripts/start.sh); the tests run it on free ports
# (hub-services/testing/src/local-hub.ts). The variables, their defaults and what they do are
# listed in the README ("Configuration"). Nothing here is secret by default except what the
# environment brings.
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from traitlets import Unicode

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

env = os.environ
here = Path(__file__).resolve().parent
root = here.parent.parent  # the Styx checkout
venv = Path(env.get("STYX_VENV", root / ".venv"))


def env_list(name, default=""):
    return [item.strip() for item in env.get(name, default).split(",") if item.strip()]


def fail(message):
    # A configuration mistake should stop the Hub with a sentence, not a traceback.
    print(f"styx jupyterhub: {message}", file=sys.stderr)
    sys.exit(2)


# --- Where things listen ------------------------------------------------------------------
ip = env.get("STYX_HUB_IP", "127.0.0.1")
port = int(env.get("STYX_HUB_PORT", "8000"))
public_url = env.get("STYX_PUBLIC_URL", f"http://{ip}:{port}/")
data_dir = Path(env.get("STYX_DATA_DIR", Path.home() / ".local" / "share" / "styx")).resolve()
hub_dir = data_dir / "hub"
hub_dir.mkdir(parents=True, exist_ok=True)

c.JupyterHub.bind_url = f"http://{ip}:{port}"
c.JupyterHub.public_url = public_url
# The Hub's own API and the proxy's API stay on loopback; the default hub port (8081) is the
# catalog's, so the Hub takes the next one.
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env.get('STYX_HUB_API_PORT', '8082')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env.get('STYX_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(root / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(hub_dir / "proxy.pid")
c.JupyterHub.db_url = env.get("STYX_HUB_DB_URL", f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}")
c.JupyterHub.cookie_secret_file = str(hub_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(hub_dir / "jupyterhub.pid")

# --- Who logs in --------------------------------------------------------------------------
admin_users = set(env_list("STYX_ADMIN_USERS", "admin"))
authenticator = env.get("STYX_AUTHENTICATOR", "dev")


class DevPasswordAuthenticator(Authenticator):
    """Local development only: any username logs in with the one shared password.

    JupyterHub's DummyAuthenticator password is deprecated, and its SharedPasswordAuthenticator
    makes admins use a second, 32-character password; one password is what a laptop needs.
    """

    password = Unicode(config=True, help="The password every user logs in with.")

    async def authenticate(self, handler, data):
        import hmac

        if self.password and hmac.compare_digest(data["password"], self.password):
            return data["username"]
        return None


if authenticator == "dev":
    c.JupyterHub.authenticator_class = DevPasswordAuthenticator
    c.DevPasswordAuthenticator.password = env.get("STYX_DEV_PASSWORD", "styx-dev-password")
    c.Authenticator.allow_all = True
    # Usernames become folder names (the spawner's home directories): keep them plain.
    c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9._-]{0,63}$"
elif authenticator == "oauth":
    # Production: an OpenID Connect / OAuth2 identity provider (Keycloak, EGI Check-in, Auth0…),
    # through oauthenticator's GenericOAuthenticator. Groups come from the provider's claim, and
    # the Hub keeps them in step at each login (manage_groups).
    missing = [
        name
        for name in (
            "STYX_OAUTH_CLIENT_ID",
            "STYX_OAUTH_CLIENT_SECRET",
            "STYX_OAUTH_AUTHORIZE_URL",
            "STYX_OAUTH_TOKEN_URL",
            "STYX_OAUTH_USERDATA_URL",
        )
        if not env.get(name)
    ]
    if missing:
        fail(f"STYX_AUTHENTICATOR=oauth needs {', '.join(missing)}")
    c.JupyterHub.authenticator_class = "generic-oauth"
    c.GenericOAuthenticator.client_id = env["STYX_OAUTH_CLIENT_ID"]
    c.GenericOAuthenticator.client_secret = env["STYX_OAUTH_CLIENT_SECRET"]
    c.GenericOAuthenticator.authorize_url = env["STYX_OAUTH_AUTHORIZE_URL"]
    c.GenericOAuthenticator.token_url = env["STYX_OAUTH_TOKEN_URL"]
    c.GenericOAuthenticator.userdata_url = env["STYX_OAUTH_USERDATA_URL"]
    c.GenericOAuthenticator.oauth_callback_url = env.get(
        "STYX_OAUTH_CALLBACK_URL", f"{public_url.rstrip('/')}/hub/oauth_callback"
    )
    c.GenericOAuthenticator.scope = env.get("STYX_OAUTH_SCOPES", "openid profile email").split()
    c.GenericOAuthenticator.username_claim = env.get(
        "STYX_OAUTH_USERNAME_CLAIM", "preferred_username"
    )
    c.GenericOAuthenticator.manage_groups = True
    c.GenericOAuthenticator.auth_state_groups_key = (
        f"oauth_user.{env.get('STYX_OAUTH_GROUPS_CLAIM', 'groups')}"
    )
    allowed_groups = set(env_list("STYX_OAUTH_ALLOWED_GROUPS"))
    if allowed_groups:
        c.GenericOAuthenticator.allowed_groups = allowed_groups
    else:
        c.GenericOAuthenticator.allow_all = True
    c.GenericOAuthenticator.admin_groups = set(env_list("STYX_OAUTH_ADMIN_GROUPS"))
    # Tokens and refresh tokens live in the Hub's database; they must be encrypted there.
    c.Authenticator.enable_auth_state = bool(env.get("JUPYTERHUB_CRYPT_KEY"))
else:
    fail(f"STYX_AUTHENTICATOR must be 'dev' or 'oauth', not {authenticator!r}")

# The admins are named once: in Authenticator.admin_users, or, when the admin role also gets a
# service below, in that role (JupyterHub warns when both name them).
dev_admin_token = env.get("STYX_DEV_ADMIN_TOKEN")
if not dev_admin_token:
    c.Authenticator.admin_users = admin_users

# --- Rights: who may write to the catalog ---------------------------------------------------
# A custom scope (JupyterHub ≥ 3) granted through a role to the group `catalog-writers` and to
# the admins. An admin decides who writes by adding people to that group (Hub admin page, or
# POST /hub/api/groups/catalog-writers/users); with OIDC, by the provider's groups claim.
CATALOG_WRITE = "custom:styx:catalog:write"
WRITERS_GROUP = env.get("STYX_CATALOG_WRITERS_GROUP", "catalog-writers")
# Deploying processes (OGC API – Processes Part 2, CWL packages) the same way: a scope, granted
# by a role to the group `process-developers` and to the admins.
PROCESS_DEPLOY = "custom:styx:processes:deploy"
DEVELOPERS_GROUP = env.get("STYX_PROCESS_DEVELOPERS_GROUP", "process-developers")
c.JupyterHub.custom_scopes = {
    CATALOG_WRITE: {
        "description": "Add, change and delete collections and items in the Styx catalog.",
    },
    PROCESS_DEPLOY: {
        "description": "Deploy, replace and undeploy processes (CWL packages) in Styx processing.",
    },
}
c.JupyterHub.load_roles = [
    {
        "name": "catalog-writer",
        "description": "May change the Styx catalog",
        "scopes": [CATALOG_WRITE],
        "groups": [WRITERS_GROUP],
        "users": sorted(admin_users),
    },
    {
        "name": "process-developer",
        "description": "May deploy processes to Styx processing",
        "scopes": [PROCESS_DEPLOY],
        "groups": [DEVELOPERS_GROUP],
        "users": sorted(admin_users),
    },
]
if authenticator == "dev":
    c.JupyterHub.load_groups = {
        WRITERS_GROUP: {"users": env_list("STYX_CATALOG_WRITERS")},
        DEVELOPERS_GROUP: {"users": env_list("STYX_PROCESS_DEVELOPERS")},
    }
# Every user may use every Styx service (reads are public anyway; writes need the scope above).
c.JupyterHub.extra_user_scopes = {"access:services"}

# --- The Styx services, started and stopped by the Hub --------------------------------------
tsx = str(root / "node_modules" / ".bin" / "tsx")


def styx_service(name, port, script, workspace, passed_prefixes, extra_environment=None):
    """A Styx TypeScript service the Hub starts, proxies at /services/<name>/ and stops.

    The Hub gives a managed service only its own variables: the Styx settings it needs are
    passed through by prefix, and every service gets the OpenTelemetry ones (OTEL_*, the trace
    UI's STYX_TRACE_URL) for its traces (hub-services/tracing).
    """
    return {
        "name": name,
        "display": True,
        "url": f"http://127.0.0.1:{port}",
        "command": [tsx, script],
        "cwd": str(root / workspace),
        "environment": {
            **{
                key: value
                for key, value in env.items()
                if key.startswith((*passed_prefixes, "OTEL_", "STYX_TRACE_URL"))
            },
            "STYX_DATA_DIR": str(data_dir),
            "HOME": str(Path.home()),
            **(extra_environment or {}),
        },
        # Styx's own services need no "allow this service?" page.
        "oauth_no_confirm": True,
        # The Hub waits for its services before it serves anyone; the catalog's first start
        # installs PgSTAC and loads the demo catalog (about 40 s here, more on a slow disk).
        "timeout": int(env.get("STYX_SERVICE_START_TIMEOUT", "600")),
    }


c.JupyterHub.services = [
    styx_service(
        "catalog",
        env.get("STYX_CATALOG_PORT", "8081"),
        "src/server.ts",
        "catalog-api",
        # STYX_FEDERATION: the remote providers federated search also asks (catalog-api).
        (
            "STYX_DATABASE",
            "STYX_DEMO",
            "STYX_CATALOG_TITLE",
            "STYX_LOG_LEVEL",
            "DB_POOL",
            "STYX_FEDERATION",
        ),
    ),
]

# Processing (OGC API – Processes): container jobs through a Docker-compatible API, podman's by
# default (scripts/podman.sh service). `auto`: on when that API's socket is there.
docker_host = env.get("STYX_DOCKER_HOST", f"unix://{root / '.styx' / 'podman' / 'podman.sock'}")
processing = env.get("STYX_PROCESSING", "auto")
if processing not in ("auto", "on", "off"):
    fail(f"STYX_PROCESSING must be auto, on or off, not {processing!r}")
# With STYX_PROCESSING_BACKEND=slurm the jobs go to a cluster: no local socket is needed.
processing_backend = env.get("STYX_PROCESSING_BACKEND", "docker")
if processing == "on" or (
    processing == "auto"
    and (
        processing_backend != "docker"
        or not docker_host.startswith("unix://")
        or Path(docker_host[len("unix://") :]).exists()
    )
):
    c.JupyterHub.services.append(
        styx_service(
            "processing",
            env.get("STYX_PROCESSING_PORT", "8084"),
            "src/server.ts",
            "hub-services/processing",
            ("STYX_PROCESSING_", "STYX_RESULTS_", "STYX_SLURM_", "STYX_K8S_", "STYX_LOG_LEVEL"),
            {"STYX_DOCKER_HOST": docker_host},
        )
    )
    # The processing service registers each job's results as STAC items in the owner's results
    # collection: its own Hub token may use the catalog and write to it.
    c.JupyterHub.load_roles.append(
        {
            "name": "styx-processing",
            "description": "The processing service publishes job results to the catalog",
            "scopes": ["access:services!service=catalog", CATALOG_WRITE],
            "services": ["processing"],
        }
    )

if dev_admin_token:
    # For scripts and tests on a local stack only: a service holding the admin role, so that a
    # script can create users, groups and tokens through the Hub's REST API.
    if authenticator != "dev":
        fail("STYX_DEV_ADMIN_TOKEN is for the local dev stack; it is refused with STYX_AUTHENTICATOR=oauth")
    if len(dev_admin_token) < 32:
        fail("STYX_DEV_ADMIN_TOKEN must be at least 32 characters")
    c.JupyterHub.services.append({"name": "styx-dev-admin", "api_token": dev_admin_token})
    c.JupyterHub.load_roles.append(
        {"name": "admin", "users": sorted(admin_users), "services": ["styx-dev-admin"]}
    )

# --- Each user's JupyterLab ---------------------------------------------------------------
# STYX_SPAWNER chooses where it runs:
#   local   a process under this account (the default), one home folder per user; the
#           project's virtualenv has JupyterLab with the Styx extension and the notebook
#           environment. A profile's limits reach it only as MEM_LIMIT/CPU_LIMIT.
#   podman  a container through podman's Docker-compatible API (DockerSpawner): a profile's
#           memory and CPU become the container's cgroup limits and its image the container's.
#   slurm   a Slurm job (batchspawner's SlurmSpawner): a profile's CPUs, memory and max age are
#           the job's resources.
spawner_kind = env.get("STYX_SPAWNER", "local")
if spawner_kind not in ("local", "podman", "slurm"):
    fail(f"STYX_SPAWNER must be local, podman or slurm, not {spawner_kind!r}")
homes = Path(env.get("STYX_HOMES", data_dir / "homes")).resolve()
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = int(env.get("STYX_SPAWN_TIMEOUT", "120"))
c.Spawner.http_timeout = int(env.get("STYX_SPAWN_TIMEOUT", "120"))
if os.getuid() == 0:  # containers and CI run as root
    c.Spawner.args = ["--ServerApp.allow_root=True"]
# The token JupyterLab gets (PageConfig.token) is what the Styx extension sends to the Styx
# services: it may hold the services' access scope, the catalog write scope and the deploy scope,
# if the user holds them (JupyterHub grants the intersection).
c.Spawner.oauth_client_allowed_scopes = ["access:services", CATALOG_WRITE, PROCESS_DEPLOY]

if spawner_kind == "local":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(homes / "{username}")
elif spawner_kind == "podman":
    from dockerspawner import DockerSpawner
    from jupyterhub.utils import random_port

    class StyxPodmanSpawner(DockerSpawner):
        """DockerSpawner on podman, each container in the host's network namespace.

        There it reaches the Hub's API and the kernels gateway on loopback as a local server
        does, and the proxy reaches it on its own loopback port, so nothing listens beyond
        loopback and no bridge network is needed (DockerSpawner's documented host-network
        set-up: a port per server, and the address it is reached at given here).
        """

        async def start(self):
            self.port = random_port()
            return await super().start()

        async def get_ip_and_port(self):
            return self.ip, self.port

    c.JupyterHub.spawner_class = StyxPodmanSpawner
    # podman's API, the one processing uses (STYX_DOCKER_HOST, scripts/podman.sh service).
    c.DockerSpawner.client_kwargs = {"base_url": docker_host}
    c.DockerSpawner.network_name = "host"
    c.DockerSpawner.use_internal_ip = True  # no port bindings: the host network has none
    c.DockerSpawner.ip = "127.0.0.1"
    # A profile's image wins (the environments hook); without profiles, this one.
    c.DockerSpawner.image = env.get("STYX_SPAWNER_IMAGE", "localhost/styx/notebook:latest")
    # The image's own entrypoint (tini in the notebook image) runs the single-user server.
    c.DockerSpawner.cmd = ["jupyterhub-singleuser"]
    # A stopped server's container goes; the user's files stay in their named volume.
    c.DockerSpawner.remove = True
    c.DockerSpawner.volumes = {"styx-home-{username}": "/home/jovyan"}
elif spawner_kind == "slurm":
    import batchspawner  # noqa: F401 (registers /hub/api/batchspawner, where a job reports its port)
    from traitlets import default

    class StyxSlurmSpawner(batchspawner.SlurmSpawner):
        """SlurmSpawner whose Hub users need not be accounts of the Hub's machine.

        batchspawner reads the home folder and shell from the password database; Styx users
        come from the identity provider, so their home is <STYX_HOMES>/<username> and the job
        is submitted as the Hub's account unless STYX_SPAWNER_SLURM_EXEC_PREFIX says otherwise
        (`sudo -E -u {username}` on a cluster whose accounts match the Hub's users).
        """

        @default("req_homedir")
        def _styx_homedir(self):
            return str(homes / self.user.name)

        def user_env(self, environment):
            environment["USER"] = self.user.name
            environment["HOME"] = self.req_homedir
            return environment

        async def start(self):
            # The job's output file and working folder.
            Path(self.req_homedir).mkdir(parents=True, exist_ok=True)
            return await super().start()

    c.JupyterHub.spawner_class = StyxSlurmSpawner
    c.SlurmSpawner.exec_prefix = env.get("STYX_SPAWNER_SLURM_EXEC_PREFIX", "")
    c.SlurmSpawner.req_partition = env.get("STYX_SPAWNER_SLURM_PARTITION", "")
    c.SlurmSpawner.batchspawner_singleuser_cmd = str(venv / "bin" / "batchspawner-singleuser")
    # sbatch, squeue and scancel find the cluster by SLURM_CONF, and the job gets it too, with
    # the Hub's PATH and locale (JupyterHub's own default keeps JUPYTERHUB_SINGLEUSER_APP only).
    c.Spawner.env_keep = ["JUPYTERHUB_SINGLEUSER_APP", "PATH", "LANG", "SLURM_CONF"]

# --- Kernels: every user's kernels through the Styx kernels gateway --------------------------
# The gateway (kernels-gateway/, a Hub-managed service at /services/kernels/) starts kernels as
# local processes, and in podman containers when STYX_KERNELS_PODMAN_IMAGE names an image. Each
# user's Jupyter Server runs in gateway mode (jupyter_server's GatewayClient, from the
# JUPYTER_GATEWAY_* variables) and calls it with its own Hub token, so the gateway knows whose
# kernel it is. STYX_KERNELS=off gives every server its own local kernels instead.
kernels = env.get("STYX_KERNELS", "on")
if kernels not in ("on", "off"):
    fail(f"STYX_KERNELS must be on or off, not {kernels!r}")
if kernels == "on":
    kernels_port = env.get("STYX_KERNELS_PORT", "8085")
    c.JupyterHub.services.append(
        styx_service(
            "kernels",
            kernels_port,
            "src/server.ts",
            "kernels-gateway",
            ("STYX_KERNELS_", "STYX_LOG_LEVEL"),
            {
                "STYX_DOCKER_HOST": docker_host,
                "STYX_KERNELS_HOMES_TEMPLATE": str(homes / "{username}"),
                "STYX_KERNELS_PYTHON": str(venv / "bin" / "python"),
            },
        )
    )
    # The server's own token (JUPYTERHUB_API_TOKEN) may use the kernels service, as well as
    # what the `server` role gives it; JupyterHub grants the part the user holds.
    c.Spawner.server_token_scopes = [
        "users:activity!user",
        "access:servers!server",
        "access:services!service=kernels",
    ]
    c.Spawner.environment = {
        # Straight to the service on loopback; the proxy is for browsers.
        "JUPYTER_GATEWAY_URL": f"http://127.0.0.1:{kernels_port}/services/kernels",
        "JUPYTER_GATEWAY_AUTH_TOKEN": lambda spawner: spawner.api_token,
        # A kernel start waits for the launch (and for a Slurm queue, up to the gateway's limit).
        "JUPYTER_GATEWAY_REQUEST_TIMEOUT": env.get("STYX_KERNELS_REQUEST_TIMEOUT", "120"),
    }

# --- Idle culling, Hub-wide ------------------------------------------------------------------
# STYX_CULL_IDLE_S > 0: jupyterhub-idle-culler, as a Hub service, stops every server idle (no
# activity the Hub saw) that long, checking every STYX_CULL_EVERY_S (default a tenth of it,
# between 1 s and 5 min); STYX_CULL_MAX_AGE_S > 0 also stops servers older than that, idle or
# not. Off by default. The environments service adds each profile's own idle timeout and max age.
def env_seconds(name, default):
    value = env.get(name, str(default))
    if not value.isdigit():
        fail(f"{name} must be a whole number of seconds (0 or more), not {value!r}")
    return int(value)


cull_idle_s = env_seconds("STYX_CULL_IDLE_S", 0)
cull_max_age_s = env_seconds("STYX_CULL_MAX_AGE_S", 0)
if cull_idle_s > 0:
    cull_every_s = env_seconds("STYX_CULL_EVERY_S", min(300, max(1, cull_idle_s // 10)))
    c.JupyterHub.services.append(
        {
            "name": "idle-culler",
            "command": [
                str(venv / "bin" / "python"),
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={cull_idle_s}",
                f"--cull-every={cull_every_s}",
                f"--max-age={cull_max_age_s}",
            ],
        }
    )
    # The scopes jupyterhub-idle-culler's README lists for culling servers (not users).
    c.JupyterHub.load_roles.append(
        {
            "name": "styx-idle-culler",
            "description": "Stops idle servers",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    )

# --- Health: every component probed in the background, at /services/health/ -----------------
# The health service (hub-services/health/) probes the Hub (its API directly and through the
# proxy) and each Styx service that is on here: the catalog (its readiness and a real search),
# processing, podman's API when processing uses it, the kernels gateway (its readiness, and a
# kernel started and stopped with the service's own token); object storage, Slurm, Kubernetes
# and AMQP when their STYX_HEALTH_* addresses are given. Its history goes to the catalog's
# PostgreSQL when there is one (STYX_DATABASE_URL), else to PGlite. STYX_HEALTH=off turns it off.
health = env.get("STYX_HEALTH", "on")
if health not in ("on", "off"):
    fail(f"STYX_HEALTH must be on or off, not {health!r}")
if health == "on":
    registered = {service["name"] for service in c.JupyterHub.services}
    probed = {
        "STYX_HEALTH_CATALOG_URL": (
            f"http://127.0.0.1:{env.get('STYX_CATALOG_PORT', '8081')}/services/catalog/"
        )
    }
    if "processing" in registered:
        probed["STYX_HEALTH_PROCESSING_URL"] = (
            f"http://127.0.0.1:{env.get('STYX_PROCESSING_PORT', '8084')}/services/processing/"
        )
        if processing_backend == "docker":
            probed["STYX_HEALTH_DOCKER_HOST"] = docker_host
    if "kernels" in registered:
        probed["STYX_HEALTH_KERNELS_URL"] = f"http://127.0.0.1:{kernels_port}/services/kernels/"
    if env.get("STYX_DATABASE_URL"):
        probed["STYX_HEALTH_CATALOG_DATABASE_URL"] = env["STYX_DATABASE_URL"]
        probed["STYX_HEALTH_DATABASE_URL"] = env["STYX_DATABASE_URL"]
    c.JupyterHub.services.append(
        styx_service(
            "health",
            env.get("STYX_HEALTH_PORT", "8086"),
            "src/server.ts",
            "hub-services/health",
            ("STYX_HEALTH_", "STYX_LOG_LEVEL"),
            # What the operator set wins over what is derived here.
            {key: value for key, value in probed.items() if not env.get(key)},
        )
    )
    if "kernels" in registered:
        # Its token may start (and stop) a kernel in the gateway: the deep check of kernels.
        c.JupyterHub.load_roles.append(
            {
                "name": "styx-health",
                "description": "The health service starts and stops a kernel to check the gateway",
                "scopes": ["access:services!service=kernels"],
                "services": ["health"],
            }
        )

# --- Environments: admin-defined profiles, enforced at every spawn ---------------------------
# The environments service (hub-services/environments/, /services/environments/) keeps the
# profiles, quotas and the usage ledger. Here the Hub asks it, at each spawn, whether this user
# may start this profile (and has quota left), applies the profile's limits to the spawner, and
# reports each stop. The hooks call it with the service's own token, set here so that the Hub
# holds it too. STYX_ENVIRONMENTS=on turns it on.
environments = env.get("STYX_ENVIRONMENTS", "off")
if environments not in ("on", "off"):
    fail(f"STYX_ENVIRONMENTS must be on or off, not {environments!r}")
if environments == "on":
    import html
    import json
    import secrets

    from jupyterhub.spawner import SpawnException
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

    environments_port = env.get("STYX_ENVIRONMENTS_PORT", "8087")
    environments_api = f"http://127.0.0.1:{environments_port}/services/environments/api/"
    environments_token = env.get("STYX_ENVIRONMENTS_API_TOKEN") or secrets.token_hex(32)
    environments_service = styx_service(
        "environments",
        environments_port,
        "src/server.ts",
        "hub-services/environments",
        ("STYX_ENVIRONMENTS_", "STYX_LOG_LEVEL"),
    )
    environments_service["api_token"] = environments_token
    c.JupyterHub.services.append(environments_service)
    # Its token may use itself (the hooks' calls), read users and servers (reconciling the usage
    # ledger), and start, stop and delete servers and add users to groups (bulk actions).
    c.JupyterHub.load_roles.append(
        {
            "name": "styx-environments",
            "description": "The environments service checks spawns and acts on users' servers",
            "scopes": [
                "access:services!service=environments",
                "list:users",
                "read:users",
                "read:servers",
                "servers",
                "groups",
            ],
            "services": ["environments"],
        }
    )

    async def environments_call(path, body):
        """POST to the environments service; its 403 becomes the user's 403 with its sentence."""
        request = HTTPRequest(
            environments_api + path,
            method="POST",
            headers={
                "Authorization": f"token {environments_token}",
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
        groups = [group.name for group in user.groups]
        return {"user": user.name, "admin": bool(user.admin), "groups": groups}

    async def environments_options_form(spawner):
        """The profiles this user may pick (none defined: no form, the server starts at once)."""
        answer = await environments_call("hub/spawn-options", spawning_user(spawner))
        profiles = answer["profiles"]
        if not profiles:
            return ""
        choices = []
        for index, p in enumerate(profiles):
            gpu = f", {p['gpu']} GPU" if p["gpu"] else ""
            checked = " checked" if index == 0 else ""
            choices.append(
                '<label class="d-block">'
                f'<input type="radio" name="profile" value="{html.escape(p["slug"])}"{checked}> '
                f"<strong>{html.escape(p['displayName'])}</strong>"
                f" ({p['cpu']} CPU, {html.escape(p['memory'])} memory{gpu})"
                f"<br><small>{html.escape(p['description'])}</small></label>"
            )
        return "<p>Choose your environment:</p>" + "".join(choices)

    async def environments_pre_spawn(spawner):
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
            return  # no profile defined yet: the Hub's defaults
        spawner.mem_limit = settings["mem_limit"]
        spawner.cpu_limit = settings["cpu_limit"]
        spawner.environment = {**spawner.environment, **settings["environment"]}
        # Container spawners (DockerSpawner, KubeSpawner) run the profile's image.
        if spawner.has_trait("image"):
            spawner.image = settings["image"]
        # batchspawner (STYX_SPAWNER=slurm): the job's resources (req_nprocs, req_memory,
        # req_runtime…); KubeSpawner: the GPU and the mounts. Each only where the spawner has
        # the trait.
        for trait, value in settings["batch"].items():
            if value is not None and spawner.has_trait(trait):
                setattr(spawner, trait, value)
        kube = settings["kubernetes"]
        if spawner.has_trait("extra_resource_limits"):
            spawner.extra_resource_limits = {
                **spawner.extra_resource_limits,
                **kube["extra_resource_limits"],
            }
        # volume_mounts: KubeSpawner's lists (DockerSpawner's `volumes` is a dict of its own).
        if kube["volumes"] and spawner.has_trait("volume_mounts"):
            spawner.volumes = [*spawner.volumes, *kube["volumes"]]
            spawner.volume_mounts = [*spawner.volume_mounts, *kube["volume_mounts"]]
        elif settings["mounts"] and isinstance(getattr(spawner, "volumes", None), dict):
            # DockerSpawner (STYX_SPAWNER=podman): {host path or volume name: {bind, mode}}.
            spawner.volumes = {
                **spawner.volumes,
                **{
                    m["source"]: {"bind": m["target"], "mode": "ro" if m["readOnly"] else "rw"}
                    for m in settings["mounts"]
                },
            }

    async def environments_post_stop(spawner):
        await environments_call("hub/stops", {"user": spawner.user.name, "server": spawner.name})

    c.Spawner.options_form = environments_options_form
    c.Spawner.options_from_form = "simple"
    c.Spawner.pre_spawn_hook = environments_pre_spawn
    c.Spawner.post_stop_hook = environments_post_stop
