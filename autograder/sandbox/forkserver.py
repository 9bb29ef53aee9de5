"""The fork server: one warm interpreter per assignment that forks a fresh sandbox per child.

A new interpreter with numpy (and torch for the torch assignments) costs hundreds of
milliseconds to seconds before any student code runs; a fork of a warm one costs a few. The
grader starts one server per assignment (`server_for(aid)`), which imports numpy, the kit's child
side and the assignment's check definitions (and with them torch where the checks use it), and
then, for every request, forks a child that fences itself in (`autograder.sandbox.fences.enter`) and
serves calls (`autograder.sandbox.child.serve`). Each child is still its own process with its own limits,
namespaces, user, Landlock domain and seccomp filter; the server holds nothing a child could use (no reference outputs, no
judges' results), and the child closes its line to the server before any student code runs.

    python -P -m autograder.sandbox.forkserver AID SOCKET_FD      (started in /: no working folder on sys.path)

Requests on the socket (AF_UNIX, SOCK_SEQPACKET: one message a request), JSON:
- ``{"op": "spawn", "code_dir": ..., "limits": {...}, "expose": [...]}`` with three file
  descriptors attached (the child's command pipe, control pipe and output pipe): answers
  ``{"pid": PID}``, the child's process group;
- ``{"op": "reap", "pid": PID, "kill": bool, "grace": seconds, "sweep": bool}``: kills the
  process group (at once, or after `grace` seconds if it has not ended by itself), waits for it,
  with `sweep` also kills whatever still runs as the sandbox's user; as root removes what that
  (unique) user left in /tmp, /var/tmp and /dev/shm; and answers
  ``{"status": exit code, "killed": bool}`` (negative: killed by that signal; `killed`: by the
  server, because it had not ended).
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

MAX_MSG = 1 << 16
# Imported by the server so that no child pays for them (numpy imports some of its parts lazily).
WARM_MODULES = ("numpy.random", "numpy.linalg", "numpy.fft", "numpy.lib.format", "zipfile", "traceback",
                "collections", "itertools", "functools", "math", "random", "copy", "pickle", "time")


# ---------------------------------------------------------------------------- server side

def _sandbox_child(aid: str, req: dict, fds: list[int], scratch: str) -> None:
    """In the forked child: plumb the pipes to fixed numbers, fence in, serve. Never returns."""
    from autograder.sandbox import child
    from autograder.sandbox import fences as sandbox
    cmd_r, ctl_w, out_w = fds
    os.dup2(cmd_r, 100)
    os.dup2(ctl_w, 101)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    null = os.open("/dev/null", os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(100, 3)
    os.dup2(101, 4)
    os.closerange(5, 1 << 16)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    sys.stdout.reconfigure(line_buffering=True)
    try:
        limits = sandbox.Limits(**req["limits"])
        box, fences = sandbox.enter(req["code_dir"], limits, req.get("expose", ()), scratch)
    except BaseException as exc:  # the submission cannot be set up (unreadable, too large)
        os.write(4, json.dumps({"fatal": f"{type(exc).__name__}: {exc}"[:500]}).encode() + b"\n")
        os._exit(71)
    child.serve(aid, box, 3, 4, fences)
    os._exit(0)


def _reap(pid: int, kill: bool, grace: float) -> tuple[int, bool]:
    """(exit code, whether we had to kill it)."""
    ended = False
    if not kill:
        end = time.monotonic() + grace
        while time.monotonic() < end:
            try:
                if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                    ended = True
                    break
            except ChildProcessError:
                ended = True
                break
            time.sleep(0.005)
    try:
        os.killpg(pid, signal.SIGKILL)   # the pid is still ours (a zombie at worst): no reuse race
    except (ProcessLookupError, PermissionError):
        pass
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0, not ended
    return os.waitstatus_to_exitcode(status), not ended


def _sweep(uid: int) -> None:
    """Kill every process still running as the sandbox's user (one that left the process group)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def warm_up() -> None:
    """Do once here what every child would otherwise do first (lazy imports), then freeze the
    heap so that the children's garbage collector does not touch (and copy) the server's pages."""
    import gc
    import importlib
    import io

    import numpy as np
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    np.savez(io.BytesIO(), x=np.zeros(3))
    np.random.default_rng(0).standard_normal(3)
    if "torch" in sys.modules:   # torch reads /proc and /sys once, lazily (cpuinfo): before the fences
        warm_torch()
    from autograder.sandbox import fences as sandbox
    sandbox.prime()   # the paths every child's fences need, worked out once
    gc.collect()
    gc.freeze()


def warm_torch() -> None:
    """Initialise what torch sets up on first use (its cpuinfo reads /proc/cpuinfo and /sys, which a
    fenced child may not): a copy, a convolution and a state_dict load on the CPU."""
    import torch
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(),
                              torch.nn.Linear(2 * 2 * 2, 2))
    net.load_state_dict({k: v.clone() for k, v in net.state_dict().items()})
    with torch.no_grad():
        net.eval()(torch.zeros(1, 3, 4, 4, dtype=torch.float32))
    torch.zeros(3, dtype=torch.float16).copy_(torch.ones(3))


def serve(aid: str, sock_fd: int) -> None:
    import numpy  # noqa: F401  the point of the server: these are imported once

    from autograder.sandbox import child
    from autograder.sandbox import fences as sandbox
    from autograder.sandbox.files import tmp_sweep
    from autograder.checks import load_checks
    load_checks(aid)
    warm_up()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))   # cleans up (the `finally` below) and ends
    # No PR_SET_PDEATHSIG: it fires when the *thread* that started us ends (a batch's worker thread),
    # not the grader. When the grader ends, even by SIGKILL, its end of the socket closes: recv gives
    # b"" below and the server cleans up and ends.
    sock = socket.socket(fileno=sock_fd)
    scratch_root = tempfile.mkdtemp(prefix="autograder-fork-")
    os.chmod(scratch_root, 0o711)
    scratches: dict[int, str] = {}
    sys.stdout.flush()
    sys.stderr.flush()
    sock.send(json.dumps({"ready": os.getpid()}).encode())
    try:
        while True:
            msg, fds, _, _ = socket.recv_fds(sock, MAX_MSG, 8)
            if not msg:
                break
            req = json.loads(msg)
            if req["op"] == "spawn":
                scratch = tempfile.mkdtemp(dir=scratch_root)
                os.chmod(scratch, 0o711)
                pid = os.fork()
                if pid == 0:
                    try:
                        sock.close()
                        _sandbox_child(aid, req, fds, scratch)
                    finally:
                        os._exit(72)
                for fd in fds:
                    os.close(fd)
                scratches[pid] = scratch
                sock.send(json.dumps({"pid": pid}).encode())
            elif req["op"] == "reap":
                pid = int(req["pid"])
                status, killed = _reap(pid, bool(req.get("kill")), float(req.get("grace", 1.0)))
                if os.geteuid() == 0:
                    if req.get("sweep"):
                        _sweep(sandbox.SANDBOX_UID_BASE + pid)
                    tmp_sweep(sandbox.SANDBOX_UID_BASE + pid)   # nothing left in /tmp, /dev/shm
                if pid in scratches:
                    shutil.rmtree(scratches.pop(pid), ignore_errors=True)
                sock.send(json.dumps({"status": status, "killed": killed}).encode())
            else:
                for fd in fds:
                    os.close(fd)
                sock.send(json.dumps({"error": "unknown op"}).encode())
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)   # the grader's death may come with its EOF
        for pid in list(scratches):
            _reap(pid, True, 0)
        shutil.rmtree(scratch_root, ignore_errors=True)


# ---------------------------------------------------------------------------- client side

class ServerDied(RuntimeError):
    pass


class ForkServer:
    """The grader's handle on one server; requests are serialised (threads may share it)."""

    def __init__(self, aid: str, start_timeout: float = 300.0):
        from autograder.sandbox.fences import child_env, protect_secrets, python_command
        self.aid = aid
        self.lock = threading.Lock()
        protect_secrets()   # before any child exists: the kit's secrets readable by the grader alone
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        # started in / and without its working folder on sys.path: a course folder shows nothing
        self.proc = subprocess.Popen(
            python_command("autograder.sandbox.forkserver", aid, str(theirs.fileno())), cwd="/",
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, env=child_env(), start_new_session=True)
        theirs.close()
        self.sock.settimeout(start_timeout)
        try:
            hello = self.sock.recv(MAX_MSG)
        except OSError as exc:
            self.close()
            raise ServerDied(f"the fork server of {aid} did not start ({exc})") from None
        if not hello:
            self.close()
            raise ServerDied(f"the fork server of {aid} did not start (exit {self.proc.wait()})")
        self.sock.settimeout(None)

    def request(self, msg: dict, fds=()) -> dict:
        with self.lock:
            try:
                socket.send_fds(self.sock, [json.dumps(msg).encode()], list(fds))
                reply = self.sock.recv(MAX_MSG)
            except OSError as exc:
                raise ServerDied(str(exc)) from None
        if not reply:
            raise ServerDied("the fork server ended")
        return json.loads(reply)

    def spawn(self, code_dir: str, limits: dict, expose, fds) -> int:
        return int(self.request({"op": "spawn", "code_dir": code_dir, "limits": limits,
                                 "expose": list(expose)}, fds)["pid"])

    def reap(self, pid: int, kill: bool, grace: float = 1.0, sweep: bool = True) -> tuple[int, bool]:
        """(exit code, whether the server had to kill it)."""
        reply = self.request({"op": "reap", "pid": pid, "kill": kill, "grace": grace, "sweep": sweep})
        return int(reply["status"]), bool(reply["killed"])

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        try:
            self.sock.close()
        finally:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


_servers: dict[str, ForkServer] = {}
_servers_lock = threading.Lock()


def available() -> bool:
    """Fork servers need Linux (fork of a warm interpreter, SOCK_SEQPACKET, passing descriptors)."""
    return sys.platform.startswith("linux") and os.environ.get("AUTOGRADER_FORKSERVER", "1") != "0"


def server_for(aid: str, dead: ForkServer | None = None) -> ForkServer:
    """The running server of `aid`, started on first use (and again if it died, or if it is `dead`:
    one whose requests failed, which may not have exited yet)."""
    with _servers_lock:
        server = _servers.get(aid)
        if server is not None and server is dead:
            server.close()
            server = None
        if server is None or not server.alive():
            server = _servers[aid] = ForkServer(aid)
        return server


@atexit.register
def shutdown() -> None:
    with _servers_lock:
        for server in _servers.values():
            server.close()
        _servers.clear()


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
