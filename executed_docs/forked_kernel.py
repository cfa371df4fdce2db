"""A Jupyter kernel forked from the workers' fork server, for nbclient.

A kernel started the usual way is a new Python that imports torch again, about
2 CPU-seconds at the busiest moment of a cold build. Forked from the server of
``executed_docs.workers``, which has imported torch, matplotlib and the rest
once, it starts at once. The rest is jupyter_client's ``LocalProvisioner``
(connection file, ports, messages); only the process differs:

* it is not the leader of a process group (the fork server's group is MkDocs'),
  so signals go to the kernel alone, never to a group;
* its parent, which it watches to quit with, is the fork server (it lives
  as long as MkDocs);
* matplotlib was imported before ipykernel could pick its backend (it sets
  MPLBACKEND), so the kernel sets that backend as ipykernel would.

A kernel spec other than this Python's ipykernel starts the usual way.
"""

from __future__ import annotations

import asyncio
import logging
import os
import runpy
import sys
import uuid

from jupyter_client import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from executed_docs import workers

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


class ForkedKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with a kernel forked from the fork server."""

    async def _async_pre_start_kernel(self, **kw):  # private_apis.PRE_START_KERNEL
        if self.provisioner is None:  # else a restart, with the provisioner it had
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkedKernelProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)


class ForkedKernelProvisioner(LocalProvisioner):
    async def launch_kernel(self, cmd: list[str], **kwargs):
        if cmd[:3] != [sys.executable, "-m", "ipykernel_launcher"]:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        # Blocks while the server imports torch, if it has only just started.
        process = await asyncio.to_thread(workers.forked, run_kernel, cmd[3:], env, cwd)
        self.process = ProcessAsPopen(process)
        self.pid, self.pgid, self.cwd = process.pid, None, cwd
        return self.connection_info


class ProcessAsPopen:
    """What LocalProvisioner uses of a ``subprocess.Popen``, for a ``multiprocessing.Process``."""

    stdin = stdout = stderr = None

    def __init__(self, process):
        self.process, self.pid = process, process.pid

    def poll(self) -> int | None:
        return self.process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.process.kill()

    def terminate(self) -> None:
        self.process.terminate()


def run_kernel(arguments: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked process: what ``python -m ipykernel_launcher ARGUMENTS`` does."""
    os.environ.clear()
    os.environ.update(env)
    # The kernel quits if this parent, the fork server, does (it ends with MkDocs).
    os.environ["JPY_PARENT_PID"] = str(os.getppid())
    os.chdir(cwd)
    if "matplotlib" in sys.modules:  # read MPLBACKEND when the server imported it
        import matplotlib

        matplotlib.rcParams["backend"] = env.get("MPLBACKEND") or INLINE_BACKEND
    # ipykernel warns on every start that TCP traffic is not encrypted; this
    # kernel listens on the loopback interface of the build machine, for one
    # build, and its messages are signed with the connection file's key.
    logging.getLogger("IPKernelApp").addFilter(_NotTheUnencryptedTcpWarning())
    sys.argv = ["ipykernel_launcher", *arguments]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


class _NotTheUnencryptedTcpWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "without encryption" not in record.getMessage()
