"""How a child process is fenced in. Everything here runs in the child, before student code.

`Limits` says what a child may use. `enter(code_dir, limits, expose)` turns the calling process
(freshly forked by the fork server, or started by `autograder.child` where there is no fork
server) into a sandbox, as far as the machine allows:

1. the submission's regular files are read into memory (symlinks are never followed) and the
   process gets its own session, so the parent can kill the whole process group;
2. Linux namespaces, when we may create them (we run as root on the grading machine):
   - a new network namespace: no interface but a loopback that is down, so every connect fails,
     127.0.0.1 included;
   - a new PID namespace: the sandbox is PID 1 of its own tree; when it dies, the kernel kills
     every process it left behind (a fork storm included);
   - a new mount namespace with a root of its own (pivot_root): the system folders and the Python
     installation read-only, a fresh /dev, /proc and /tmp, the kit's `autograder` package
     read-only (its shipped `reference_outputs/` covered), the folders in `expose` read-only, and
     the submission copied into `/sandbox/<name>`.
     Nothing else exists in there: not `solutions/`, not `.cache/`, not other submissions, not the
     grader's output folder;
3. resource limits: address space, CPU seconds, processes, open files, file size, no core files;
4. a drop to a user id of its own (1_000_000 + pid, no supplementary groups, no new privileges)
   AFTER numpy (and torch) were imported by the fork server, so the student cannot undo any of it;
5. where no network namespace could be made, sockets are blocked inside Python.

`enter` returns what it managed (the child reports it in its hello line), so a test can see
which fences stood on the machine it ran on.
"""
from __future__ import annotations

import ctypes
import os
import resource
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.paths import ROOT

SANDBOX_UID_BASE = 1_000_000       # sandbox uid = base + the pid of the process that made it
SANDBOX_HOME = "/sandbox"          # the submission's folder inside a mount namespace
# Inside the folders the sandbox sees, what it must not: the reference outputs a release ships.
HIDDEN_INSIDE = (str(ROOT / "autograder" / "reference_outputs"),)
MAX_SUBMISSION_BYTES = 512 * 1024 * 1024
MAX_SUBMISSION_FILES = 2000

# Linux constants (linux/sched.h, linux/mount.h, linux/prctl.h)
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38


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
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


# ---------------------------------------------------------------------------- system calls

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    return _libc


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(libc().unshare(flags), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else os.fsencode(s)  # noqa: E731
    _check(libc().mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def prctl(option: int, value: int) -> None:
    _check(libc().prctl(option, ctypes.c_ulong(value), 0, 0, 0), "prctl")


# ---------------------------------------------------------------------------- the submission

def read_submission(code_dir: Path) -> dict[str, bytes]:
    """Every regular file under code_dir (relative path -> bytes); symlinks, odd files and compiled
    code (__pycache__/, *.pyc) skipped."""
    files, total = {}, 0
    for top, dirs, names in os.walk(code_dir, followlinks=False):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not os.path.islink(os.path.join(top, d))]
        for name in names:
            if name.endswith((".pyc", ".pyo")):   # compiled code is never run: only the sources
                continue
            path = os.path.join(top, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue
            with os.fdopen(fd, "rb") as f:
                if not _is_regular(fd):
                    continue
                if total + os.fstat(fd).st_size > MAX_SUBMISSION_BYTES:
                    raise OSError("the submission is too large to grade")
                data = f.read(MAX_SUBMISSION_BYTES - total + 1)
            total += len(data)
            if total > MAX_SUBMISSION_BYTES or len(files) >= MAX_SUBMISSION_FILES:
                raise OSError("the submission is too large to grade")
            files[os.path.relpath(path, code_dir)] = data
    return files


def _is_regular(fd: int) -> bool:
    import stat
    return stat.S_ISREG(os.fstat(fd).st_mode)


def write_submission(files: dict[str, bytes], box: Path, uid: int | None) -> None:
    box.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = box / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if uid is not None:
        for top, dirs, names in os.walk(box):
            os.chown(top, uid, uid)
            for name in names:
                os.chown(os.path.join(top, name), uid, uid)


# ---------------------------------------------------------------------------- the new root

def _read_only_sources(expose) -> list[str]:
    """What the sandbox sees of the machine, besides its own folder."""
    paths = ["/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt",
             sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             str(ROOT / "autograder")]
    paths += [p for p in sys.path if p and os.path.isdir(p)]
    paths += [str(p) for p in expose]
    hidden = [str(ROOT / "solutions"), str(ROOT / ".cache")]
    keep = []
    for p in map(os.path.abspath, paths):
        if not os.path.lexists(p):
            continue
        if any(h == p or h.startswith(p.rstrip("/") + "/") for h in hidden):
            continue  # the kit's root (or above): would show the reference solutions
        if any(p == k or p.startswith(k.rstrip("/") + "/") for k in keep):
            continue
        keep = [k for k in keep if not k.startswith(p.rstrip("/") + "/")] + [p]
    return keep


def _bind_read_only(source: str, root: str) -> None:
    target = root + source
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(source), target)
        return
    if os.path.isdir(source):
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)


def build_root(root: str, expose, limits: Limits, proc: bool) -> None:
    """Make `root` (an empty folder) a tmpfs holding the sandbox's view of the machine."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("sandbox", root, "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.tmp_mb}m,mode=755")
    # /tmp first: a shown folder that lives under /tmp (a test's, an inputs folder) is bound on top of it
    os.makedirs(root + "/tmp", mode=0o1777)
    mount("tmp", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.tmp_mb}m,mode=1777")
    for source in _read_only_sources(expose):
        _bind_read_only(source, root)
    for inner in HIDDEN_INSIDE:   # shown folders may hold something that must not be: cover it
        if os.path.isdir(root + inner):
            mount("hidden", root + inner, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=555")
    dev = root + "/dev"
    os.makedirs(dev, mode=0o755)
    mount("dev", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755")
    for name in ["null", "zero", "full", "random", "urandom", "tty"] + \
            [n for n in os.listdir("/dev") if n.startswith("nvidia")]:
        if os.path.exists("/dev/" + name) and not os.path.isdir("/dev/" + name):
            open(f"{dev}/{name}", "a").close()
            mount("/dev/" + name, f"{dev}/{name}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    os.makedirs(dev + "/shm", mode=0o1777)
    mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.tmp_mb}m,mode=1777")
    if has_gpu():   # the CUDA driver reads the devices' descriptions there
        _bind_read_only("/sys", root)
    if proc:
        os.makedirs(root + "/proc", mode=0o555)
        mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def switch_root(root: str) -> str:
    """pivot_root into `root` and drop the old root entirely (chroot where pivot_root fails)."""
    os.chdir(root)
    try:
        _check(libc().syscall(155 if os.uname().machine == "x86_64" else 41, b".", b"."), "pivot_root")
        _check(libc().umount2(b".", MNT_DETACH), "umount old root")
        how = "pivot_root"
    except OSError:
        os.chroot(".")
        how = "chroot"
    os.chdir("/")
    return how


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


def has_gpu() -> bool:
    return os.path.exists("/dev/nvidiactl")


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
    holds the submission and the fences that stand. Raises OSError when the submission cannot
    be read. Never returns in the keeper process of a PID namespace (it exits with the child)."""
    files = read_submission(Path(code_dir))
    try:
        os.setsid()
    except PermissionError:
        pass  # already a session leader (started with start_new_session)
    fences = {"netns": False, "pidns": False, "mountns": False, "uid": None, "root": None}
    is_root = os.geteuid() == 0 and sys.platform.startswith("linux")
    if is_root:
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
    box = Path(code_dir).resolve()
    if fences["mountns"] and scratch:
        try:
            build_root(scratch, expose, limits, proc=fences["pidns"])
            fences["root"] = switch_root(scratch)
            box = Path(SANDBOX_HOME) / (Path(code_dir).name or "submission")
        except OSError as exc:
            fences["root"] = f"none ({exc})"
            fences["mountns"] = False
    elif scratch:
        box = Path(scratch) / "box"   # no own root: a private copy on disk, owned by the sandbox's user
    if box != Path(code_dir).resolve():
        write_submission(files, box, uid)
    del files
    os.chdir(box)
    set_limits(limits)
    if uid is not None:
        drop_privileges(uid)
        fences["uid"] = uid
    try:
        prctl(PR_SET_NO_NEW_PRIVS, 1)
    except (OSError, AttributeError):
        pass
    if not fences["netns"]:
        block_sockets()
    set_memory_limit(limits)
    os.environ.update(HOME=str(box), TMPDIR="/tmp")
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
