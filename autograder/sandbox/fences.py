"""How a child process is fenced in. Everything here runs in the child, before student code.

`Limits` says what a child may use. `enter(code_dir, limits, expose)` turns the calling process
(freshly forked by the fork server, or started by `autograder.sandbox.child` where there is no fork
server) into a sandbox, as far as the machine allows:

1. the submission's regular files are read into memory (symlinks are never followed) and the
   process gets its own session, so the parent can kill the whole process group;
2. Linux namespaces, when we may create them (root with CAP_SYS_ADMIN) and the kit's setting
   `AUTOGRADER_NAMESPACES` is not 0:
   - a new network namespace: no interface but a loopback that is down, so every connect fails,
     127.0.0.1 included;
   - a new PID namespace: the sandbox is PID 1 of its own tree; when it dies, the kernel kills
     every process it left behind (a fork storm included);
   - a new mount namespace with a root of its own (pivot_root): the system folders and the Python
     installation read-only, a fresh /dev, /proc and /tmp, the kit's `autograder` package
     read-only (its shipped `reference_outputs/` covered), the folders in `expose` read-only, and
     the submission copied into `/sandbox/<name>`.
     Nothing else exists in there: not `solutions/`, not `.cache/`, not other submissions, not the
     grader's output folder or working folder;
3. resource limits: address space, CPU seconds, processes, open files, file size, no core files;
4. a drop to a user id of its own (1_000_000 + pid, no supplementary groups) where we may setuid,
   AFTER numpy (and torch) were imported by the fork server, so the student cannot undo any of it;
   the interpreter's modules stay importable even where they live under a home the new user
   cannot enter (see `reach_through_descriptors`);
5. no new privileges, then Landlock (where the kernel has it; it needs no root): the process may
   read only the system folders, the interpreter, the kit's `autograder` package (not its
   reference outputs) and `expose`, and write only its own copy of the submission and its own
   temporary folder; TCP is refused (ABI 4+), signals and abstract UNIX sockets reach nothing
   outside the sandbox (ABI 6+);
6. a seccomp filter (where the architecture is x86_64 or aarch64): socket() for anything but
   AF_UNIX, io_uring, bpf, perf_event_open, userfaultfd, ptrace, the kernel keyring and new
   namespaces fail with EPERM;
7. only where neither a network namespace nor seccomp stands are sockets blocked inside Python
   (a name rebinding: the last resort, reported as such).

The mechanisms live in modules of their own: `view` (what the sandbox sees), `newroot` (the mount
namespace's root), `landlock`, `seccomp`, `closed_home` (modules under a 0700 home), `files` (the
submission in, /tmp leftovers out), `syscalls`; `fence_record` keeps what held for the batch.

`enter` returns which fences stood (the child reports them in its hello line; the grader's summary
and report.html say which ones held for the whole batch), so a test can see them too.
"""
from __future__ import annotations

import os
import resource
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.config.paths import ROOT
from autograder.sandbox.closed_home import closed_entries, packages_under, reach_through_descriptors
from autograder.sandbox.files import read_submission, write_submission
from autograder.sandbox.landlock import (DEVICES_R, DEVICES_RW, LANDLOCK_SETTING, landlock_abi, landlock_read_paths,
                                         landlock_restrict, landlock_ruleset, listed_only)
from autograder.sandbox.newroot import build_root, switch_root
from autograder.sandbox.seccomp import seccomp
from autograder.sandbox.syscalls import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS,
                                         PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, prctl, unshare)
from autograder.sandbox.view import has_gpu

SANDBOX_UID_BASE = 1_000_000       # sandbox uid = base + the pid of the process that made it
SANDBOX_HOME = "/sandbox"          # the submission's folder inside a mount namespace
NAMESPACES_SETTING = "AUTOGRADER_NAMESPACES"   # "0": never try namespaces (the path of hosts without them)


@dataclass(frozen=True)
class Limits:
    wall_s: float = 60.0            # per call, enforced by the parent (process group killed)
    memory_mb: int | None = 4096    # address space of the child
    cpu_s: int | None = None        # CPU seconds of the whole child; None: 10 x wall_s (a backstop)
    output_bytes: int = 64_000      # stdout + stderr kept for the feedback (head and tail)
    output_max_bytes: int = 8_000_000   # printing more than this ends the part with output_limit
    nproc: int = 64                 # processes and threads of the sandbox's own user
    nofile: int = 256               # open files
    fsize_mb: int = 256             # largest file the child may write
    tmp_mb: int = 256               # size of the sandbox's /tmp (and of its root) in a mount namespace

    def to_dict(self) -> dict:
        return asdict(self)


def child_env() -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's own, one thread per BLAS for fair timings."""
    env = {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "LANG": "C.UTF-8",
        "HOME": "/nonexistent",
        "TMPDIR": "/tmp",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp",
    }
    for setting in (NAMESPACES_SETTING, LANDLOCK_SETTING):   # the kit's own settings travel to the fork server
        if os.environ.get(setting):
            env[setting] = os.environ[setting]
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def python_command(module: str, *args: str) -> list[str]:
    """The command line of a fresh interpreter running `module` for the grader's fork server or
    child: never with the grader's working folder on sys.path (Python 3.11's -P; the callers also
    start it in /), so a course folder's files cannot be imported or shown from it."""
    safe = ["-P"] if sys.version_info >= (3, 11) else []
    return [sys.executable, *safe, "-m", module, *args]


def namespaces_wanted() -> bool:
    """False where the kit's setting says to take the path of hosts without namespaces."""
    return os.environ.get(NAMESPACES_SETTING, "1").strip().lower() not in ("0", "no", "false", "off")


def protect_secrets(root: Path = ROOT) -> list[str]:
    """Make the kit's secrets readable only by the grader's own user, before any child starts:
    `solutions/` 0700, `.cache/` 0711 (the inputs folder inside it must stay reachable by a path
    the sandbox is given, never listable), `.cache/reference/` and the rest of `.cache/` 0700,
    and the reference outputs a release ships 0700. Only what we own is changed; returns what
    could not be protected (someone else owns it)."""
    cache = root / ".cache"
    try:
        cache.mkdir(mode=0o711, exist_ok=True)
        (cache / "reference").mkdir(mode=0o700, exist_ok=True)
        (cache / "inputs").mkdir(mode=0o711, exist_ok=True)
    except OSError:
        pass
    modes = {root / "solutions": 0o700, cache: 0o711, root / "autograder" / "reference_outputs": 0o700}
    try:
        for entry in cache.iterdir():
            modes[entry] = 0o711 if entry.name == "inputs" else 0o700
    except OSError:
        pass
    left = []
    for path, mode in modes.items():
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
            continue
        if st.st_uid != os.geteuid():
            left.append(str(path))
            continue
        try:
            os.chmod(path, mode)
        except OSError:
            left.append(str(path))
    return left


def prime() -> None:
    """Work out in the fork server what every child's fences need, so no child pays for it."""
    landlock_read_paths(())
    closed = closed_entries(tuple(sys.path))
    tops = {entry for entry, _ in closed} | {real for _, real in closed}
    packages_under(tuple(sorted(tops, key=lambda t: (-len(t), t))), len(sys.modules))


# ---------------------------------------------------------------------------- limits, user, sockets

def set_limits(limits: Limits) -> None:
    def lim(kind, value):
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            soft, hard = resource.getrlimit(kind)
            if hard == resource.RLIM_INFINITY or value < hard:
                resource.setrlimit(kind, (value, hard))
    cpu = limits.cpu_s or int(limits.wall_s * 10) + 5
    lim(resource.RLIMIT_CPU, cpu)
    lim(resource.RLIMIT_NOFILE, limits.nofile)
    lim(resource.RLIMIT_FSIZE, limits.fsize_mb * 1024 * 1024)
    lim(resource.RLIMIT_CORE, 0)
    if limits.nproc and os.geteuid() == 0:   # counted per user: only meaningful for our own uid
        lim(resource.RLIMIT_NPROC, limits.nproc)


def set_memory_limit(limits: Limits) -> None:
    """Address space. Not where CUDA may be used: it maps far more address space than memory."""
    if limits.memory_mb and not (has_gpu() and "torch" in sys.modules):
        size = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


def drop_privileges(uid: int) -> None:
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)


def block_sockets() -> None:
    """The fallback where no network namespace could be made: no socket can be opened from Python."""
    import socket

    def refuse(*args, **kwargs):
        raise PermissionError("network access is disabled while grading")

    class NoSocket(socket.socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if fileno is None and family not in (getattr(socket, "AF_UNIX", 1),):
                refuse()
            super().__init__(family, type, proto, fileno)

    socket.socket = NoSocket
    socket.create_connection = refuse
    socket.socketpair = refuse
    socket.getaddrinfo = refuse


# ---------------------------------------------------------------------------- all of it

def enter(code_dir: Path, limits: Limits, expose=(), scratch: str | None = None) -> tuple[Path, dict]:
    """Fence in the calling process (see the module's docstring); returns the folder that now
    holds the submission and the fences that stand: ``uid`` (the sandbox's user or None),
    ``no_new_privs``, ``landlock`` (the ABI in force, 0: none), ``seccomp``, ``netns``, ``pidns``,
    ``mountns``, ``root`` (how the own root was entered), ``sockets`` (what refuses them:
    "netns", "seccomp" or "python"), ``modules_via_fd`` (interpreter folders reached through
    descriptors). Raises OSError when the submission cannot be read. Never returns in the keeper
    process of a PID namespace (it exits with the child)."""
    files = read_submission(Path(code_dir))
    try:
        os.setsid()
    except PermissionError:
        pass  # already a session leader (started with start_new_session)
    fences = {"uid": None, "no_new_privs": False, "landlock": 0, "seccomp": False,
              "netns": False, "pidns": False, "mountns": False, "root": None, "sockets": None, "modules_via_fd": 0}
    is_root = os.geteuid() == 0 and sys.platform.startswith("linux")
    if is_root and namespaces_wanted():
        for flag, name in ((CLONE_NEWNET, "netns"), (CLONE_NEWPID, "pidns"), (CLONE_NEWNS, "mountns")):
            try:
                unshare(flag)
                fences[name] = True
            except OSError:
                pass
        for flag in (CLONE_NEWIPC, CLONE_NEWUTS):
            try:
                unshare(flag)
            except OSError:
                pass
    uid = SANDBOX_UID_BASE + os.getpid() if is_root else None
    if fences["pidns"]:
        keep_until_child_exits()  # from here on we are PID 1 of the new namespace
    box, tmp = Path(code_dir).resolve(), "/tmp"
    if fences["mountns"] and scratch:
        try:
            build_root(scratch, expose, limits.tmp_mb, proc=fences["pidns"])
            fences["root"] = switch_root(scratch)
            box = Path(SANDBOX_HOME) / (Path(code_dir).name or "submission")
        except OSError as exc:
            fences["root"] = f"none ({exc})"
            fences["mountns"] = False
    if scratch and not fences["mountns"]:
        box = Path(scratch) / "box"   # no own root: a private copy on disk, owned by the sandbox's user
        tmp = os.path.join(scratch, "tmp")   # and a temporary folder of its own, not the host's /tmp
        os.makedirs(tmp, mode=0o700, exist_ok=True)
        if uid is not None:
            os.chown(tmp, uid, uid)
    if box != Path(code_dir).resolve():
        write_submission(files, box, uid)
    del files
    os.chdir(box)
    set_limits(limits)
    abi, ruleset = landlock_abi(), None
    if abi:   # made while every path can still be opened
        read = landlock_read_paths(expose) + ["/dev/" + d for d in DEVICES_R]
        write = [str(box), tmp] + (["/tmp", "/dev/shm"] if fences["mountns"] else [])   # private ones there
        devices = ["/dev/" + d for d in DEVICES_RW] + ([f"/dev/{n}" for n in os.listdir("/dev")
                                                        if n.startswith("nvidia")] if has_gpu() else [])
        ruleset = landlock_ruleset(read, write, devices, abi, sorted(listed_only))
    if uid is not None:
        fences["modules_via_fd"] = reach_through_descriptors()
        drop_privileges(uid)
        fences["uid"] = uid
        # The uid change made the process non-dumpable; under Landlock that also closes its own
        # /proc/self/fd links (the modules above). Nothing else runs as this user; ptrace is refused.
        prctl(PR_SET_DUMPABLE, 1)
    try:
        prctl(PR_SET_NO_NEW_PRIVS, 1)
        fences["no_new_privs"] = True
    except (OSError, AttributeError):
        pass
    if ruleset is not None:
        if fences["no_new_privs"] and landlock_restrict(ruleset):
            fences["landlock"] = abi
        elif not fences["no_new_privs"]:
            os.close(ruleset)
    if fences["no_new_privs"]:
        fences["seccomp"] = seccomp()
    if fences["netns"]:
        fences["sockets"] = "netns"
    elif fences["seccomp"]:
        fences["sockets"] = "seccomp"
    else:
        block_sockets()
        fences["sockets"] = "python"
    set_memory_limit(limits)
    os.environ.update(HOME=str(box), TMPDIR=tmp, MPLCONFIGDIR=tmp)
    import tempfile
    tempfile.tempdir = tmp   # the fork server may have cached the host's /tmp
    return box, fences


def keep_until_child_exits() -> None:
    """After unshare(CLONE_NEWPID) only our children live in the new namespace: fork the one that
    goes on (PID 1 there) and stay behind as its keeper, exiting with its status. The parent kills
    the keeper's process group, which the child shares; PID 1 dying takes the namespace with it."""
    pid = os.fork()
    if pid == 0:
        return
    os.closerange(0, 1 << 16)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            os._exit(70)
        except InterruptedError:
            continue
    code = os.waitstatus_to_exitcode(status)
    os._exit(code if code >= 0 else 128 - code)
