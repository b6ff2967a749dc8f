"""The test hub's configuration: JupyterHub on 127.0.0.1 with throwaway learners.

For ``make hub-test`` on one machine, never for a class: any name logs in with
any password (``DummyAuthenticator``) and every learner's server is a process of
the hub's own user with a home folder of its own (``SimpleLocalProcessSpawner``),
without isolation. A class hub is Zero to JupyterHub or The Littlest JupyterHub
(see the teacher's guide). ``local_hub.py`` sets the environment read here:

- ``COURSE_HUB_DIR``: the hub's database, secrets and the learners' homes;
- ``COURSE_HUB_PORT``, ``COURSE_HUB_API_PORT``, ``COURSE_HUB_PROXY_API_PORT``: free ports;
- ``COURSE_HUB_API_TOKEN``: the token of the ``course-test`` service, which may
  create learners' tokens and start and stop their servers;
- ``COURSE_HUB_LAB_SETTINGS``: JupyterLab settings for every learner (offline).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

HOST = "127.0.0.1"
state = Path(os.environ["COURSE_HUB_DIR"])
here = Path(__file__).resolve().parent

# -- the hub and its proxy, on 127.0.0.1 only
c.JupyterHub.ip = HOST
c.JupyterHub.port = int(os.environ["COURSE_HUB_PORT"])
c.JupyterHub.hub_ip = HOST
c.JupyterHub.hub_port = int(os.environ["COURSE_HUB_API_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://{HOST}:{os.environ['COURSE_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [str(here / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")
c.JupyterHub.pid_file = str(state / "hub.pid")

# -- learners: any name, any password; a local process each, in its own home
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.args = [
    # The test drives JupyterLab through its application object.
    "--LabApp.expose_app_in_browser=True",
    # Offline: no news, no update check, no extension manager querying PyPI.
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
    c.Spawner.args.append("--ServerApp.allow_root=True")
if os.environ.get("COURSE_HUB_LAB_SETTINGS"):
    c.Spawner.environment = {"JUPYTERLAB_SETTINGS_DIR": os.environ["COURSE_HUB_LAB_SETTINGS"]}

# -- the test's own access: make learners' tokens, read and stop their servers
c.JupyterHub.services = [{"name": "course-test", "api_token": os.environ["COURSE_HUB_API_TOKEN"]}]
c.JupyterHub.load_roles = [
    {
        "name": "course-test",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
        "services": ["course-test"],
    }
]
