"""Start and stop a throwaway JupyterLab server for the browser tests.

The server listens on a free 127.0.0.1 port with an empty token, serves a temporary
root directory (copies of the notebooks, never the stored ones) and keeps every piece
of user state (settings, workspaces, runtime files, user config, IPython profile) in a
temporary directory.  The kernel spec and the lab extensions of the running Python
environment (``sys.prefix``) are still found because only the *user* directories are
redirected.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

# User settings written to JUPYTERLAB_SETTINGS_DIR before the server starts.
LAB_SETTINGS: dict[str, dict] = {
    # No "Would you like to receive official Jupyter news?" toast, no update check.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # Attach every cell to the DOM so every output can be inspected; never ask
    # which kernel to use for a notebook whose metadata names one.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
    # The extension manager would query PyPI; nothing to do with the lessons.
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_lab_settings(settings_dir: Path, settings: dict[str, dict] = LAB_SETTINGS) -> None:
    """Write ``<plugin id>`` -> settings as JupyterLab user-settings files."""
    for plugin_id, values in settings.items():
        package, plugin = plugin_id.split(":")
        path = settings_dir / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


@dataclass
class LabServer:
    """A running JupyterLab server (see :func:`start_lab`)."""

    proc: subprocess.Popen
    port: int
    root_dir: Path
    state_dir: Path
    log_path: Path
    _log_file: object = field(repr=False, default=None)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def api(self, method: str, path: str, timeout: float = 10):
        """Call the REST API (no token, so no auth header); return parsed JSON or None."""
        req = urllib.request.Request(self.base_url + path, method=method)
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self) -> None:
        """Shut down every notebook session and kernel (frees memory between notebooks)."""
        try:
            for session in self.api("GET", "/api/sessions") or []:
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
            for kernel in self.api("GET", "/api/kernels") or []:
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> None:
        """Stop kernels, then the server's whole process group."""
        if self.proc.poll() is None:
            self.shutdown_sessions()
            _kill_group(self.proc)
        if self._log_file is not None:
            self._log_file.close()


def _kill_group(proc: subprocess.Popen, grace: float = 10) -> None:
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def start_lab(
    root_dir: Path, state_dir: Path, startup_timeout: float = 90, extra_env: dict[str, str] | None = None
) -> LabServer:
    """Start ``python -m jupyter lab`` serving *root_dir*; wait until ``/api/status`` answers.

    ``extra_env`` is added to the server's (and so its kernels') environment, e.g. the benchmarks' choice
    of figure transport (``IMMUNOLIB_FIGURE_TRANSPORT``).
    """
    root_dir.mkdir(parents=True, exist_ok=True)
    dirs = {
        "JUPYTERLAB_SETTINGS_DIR": state_dir / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": state_dir / "lab-workspaces",
        "JUPYTER_RUNTIME_DIR": state_dir / "runtime",
        "JUPYTER_CONFIG_DIR": state_dir / "config",  # user config only; sys.prefix/etc/jupyter still read
        "IPYTHONDIR": state_dir / "ipython",  # no personal startup scripts in the kernel
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    write_lab_settings(dirs["JUPYTERLAB_SETTINGS_DIR"])

    env = dict(os.environ)
    env.update({k: str(v) for k, v in dirs.items()})
    # The kernel spec says "python": make it resolve to this environment.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # no debugger warning on kernel stderr
    env.pop("JUPYTER_TOKEN", None)
    env.pop("JPY_SESSION_NAME", None)
    env.update(extra_env or {})

    last_error = ""
    for _attempt in range(3):  # the free port may be taken between probe and bind
        port = free_port()
        log_path = state_dir / f"jupyterlab-{port}.log"
        log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        cmd = [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={root_dir}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, used to *observe* only
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",  # no PyPI queries
            # Serves plotly's FigureWidget bundle once per page (immunolib/server.py); an editable install
            # does not copy its jupyter_server_config.d file, so enable it here too.
            "--ServerApp.jpserver_extensions=immunolib.server=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers often run as root
            cmd.append("--ServerApp.allow_root=True")
        proc = subprocess.Popen(
            cmd,
            cwd=root_dir,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        server = LabServer(proc, port, root_dir, state_dir, log_path, log_file)
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            try:
                status = server.api("GET", "/api/status", timeout=2)
                if isinstance(status, dict):
                    return server
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.25)
        last_error = server.log_tail()
        server.stop()
        if proc.returncode not in (None, 0) and "already in use" not in last_error:
            break
    raise RuntimeError(f"JupyterLab did not start (see {log_path}):\n{last_error}")
