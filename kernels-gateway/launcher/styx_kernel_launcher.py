"""Start an IPython kernel and register its ports with the Styx kernels gateway.

The gateway starts this script wherever the kernel is to run (a local process, a container, a
Slurm job) with, in the environment and never on the command line:

  STYX_KERNEL_REGISTER_URL    where to POST the connection information
  STYX_KERNEL_REGISTER_TOKEN  a one-time token: the gateway accepts one registration with it
  STYX_KERNEL_IP              the address to bind (default 127.0.0.1)
  STYX_KERNEL_ADVERTISE_IP    the address the gateway should connect to (default: the bound one,
                              or this host's name when binding every interface)

The kernel's HMAC key is made here and travels only in the registration body, so no secret is on
a command line or in a file anyone else can read. Only the standard library and ipykernel.
"""

import json
import os
import secrets
import socket
import sys
import tempfile
import urllib.request


def take(name, default=None):
    """Read a variable and remove it, so the user's code in the kernel never sees it."""
    value = os.environ.pop(name, default)
    if value is None:
        sys.exit(f"styx kernel launcher: {name} is not set")
    return value


def write_connection_file(ip, key):
    """A connection file with port 0 everywhere: ipykernel binds free ports and rewrites it."""
    fd, path = tempfile.mkstemp(prefix="styx-kernel-", suffix=".json")
    with os.fdopen(fd, "w") as handle:
        json.dump(
            {
                "ip": ip,
                "transport": "tcp",
                "key": key,
                "signature_scheme": "hmac-sha256",
                "shell_port": 0,
                "iopub_port": 0,
                "stdin_port": 0,
                "control_port": 0,
                "hb_port": 0,
            },
            handle,
        )
    os.chmod(path, 0o600)
    return path


def register(url, token, info):
    body = json.dumps({"token": token, "connection": info}).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status >= 300:
            sys.exit(f"styx kernel launcher: the gateway refused the registration ({response.status})")


def main():
    url = take("STYX_KERNEL_REGISTER_URL")
    token = take("STYX_KERNEL_REGISTER_TOKEN")
    ip = take("STYX_KERNEL_IP", "127.0.0.1")
    advertise = take("STYX_KERNEL_ADVERTISE_IP", "")
    if not advertise:
        advertise = socket.gethostname() if ip in ("0.0.0.0", "*") else ip
    workdir = os.environ.get("KERNEL_WORKING_DIR")
    if workdir and os.path.isdir(workdir):
        os.chdir(workdir)

    key = secrets.token_hex(32)
    path = write_connection_file(ip, key)

    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    # Binds the five sockets (free ports, since the file says 0) before anything is announced.
    app.initialize(["-f", path])
    register(
        url,
        token,
        {
            "ip": advertise,
            "transport": "tcp",
            "signature_scheme": "hmac-sha256",
            "key": key,
            "shell_port": app.shell_port,
            "iopub_port": app.iopub_port,
            "stdin_port": app.stdin_port,
            "control_port": app.control_port,
            "hb_port": app.hb_port,
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
        },
    )
    app.start()


if __name__ == "__main__":
    main()
