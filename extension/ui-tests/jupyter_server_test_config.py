"""Jupyter Server configuration for the UI tests (galata): a throwaway server with no token and
its files in a temporary folder (the tests set the Styx catalog URL through galata's settings).

Never use this configuration outside tests: it removes the server's security.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter passes in)

c.ServerApp.port = int(os.environ.get("STYX_UI_JUPYTER_PORT", "18888"))  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821

# CI runs as root, which Jupyter Server refuses unless told.
c.ServerApp.allow_root = True  # noqa: F821
