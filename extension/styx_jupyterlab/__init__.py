"""Styx for JupyterLab: the catalog panel, the map and drag-and-drop of datasets into notebooks.

The Python package only ships the prebuilt labextension; all the code runs in the browser.
"""

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "@styx/jupyterlab"}]
