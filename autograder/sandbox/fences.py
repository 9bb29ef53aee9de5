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

`enter` returns which fences stood (the child reports them in its hello line; the grader's summary
and report.html say which ones held for the whole batch), so a test can see them too.
"""
from __future__ import annotations

import ctypes
import functools
import os
import resource
import stat
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.config.paths import ROOT

SANDBOX_UID_BASE = 1_000_000       # sandbox uid = base + the pid of the process that made it
SANDBOX_HOME = "/sandbox"          # the submission's folder inside a mount namespace
# Inside the folders the sandbox sees, what it must not: the reference outputs a release ships.
HIDDEN_INSIDE = (str(ROOT / "autograder" / "reference_outputs"),)
# Never shown, whatever else is: the reference solutions and the kit's caches (reference outputs).
HIDDEN = (str(ROOT / "solutions"), str(ROOT / ".cache"))
SYSTEM_FOLDERS = ("/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt")
NAMESPACES_SETTING = "AUTOGRADER_NAMESPACES"   # "0": never try namespaces (the path of hosts without them)
LANDLOCK_SETTING = "AUTOGRADER_LANDLOCK"       # "0": behave as on a kernel without Landlock (tests)
MAX_SUBMISSION_BYTES = 512 * 1024 * 1024
MAX_SUBMISSION_FILES = 2000

# Linux constants (linux/sched.h, linux/mount.h, linux/prctl.h)
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38


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

def _under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


@functools.lru_cache(maxsize=None)
def interpreter_paths() -> tuple[str, ...]:
    """The Python installation: its prefixes, standard library and site-packages folders (and the
    sys.path entries inside them), nothing else of sys.path: not the working folder, not a folder
    a .pth file or PYTHONPATH added (an editable install adds the kit's root)."""
    import site
    import sysconfig
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    paths = list(prefixes)
    paths += [v for k, v in sysconfig.get_paths().items() if k in ("stdlib", "platstdlib", "purelib", "platlib")]
    try:
        paths += list(site.getsitepackages())
    except AttributeError:   # an old virtualenv's site module
        pass
    paths += [p for p in sys.path if p and os.path.isabs(p) and any(_under(p, x) for x in prefixes)]
    return tuple(paths)


def _shown(paths) -> list[str]:
    """`paths` without what must never be shown (or what holds it), duplicates and nested ones."""
    keep = []
    for p in map(os.path.abspath, paths):
        if not os.path.lexists(p):
            continue
        if any(_under(h, p) for h in HIDDEN):
            continue  # the kit's root (or above): would show the reference solutions
        if any(_under(p, k) for k in keep):
            continue
        keep = [k for k in keep if not _under(k, p)] + [p]
    return keep


def _read_only_sources(expose) -> list[str]:
    """What the sandbox sees of the machine, besides its own folder: the system folders, the
    interpreter, the kit's `autograder` package and the folders in `expose`."""
    return _shown([*_base_sources(), *map(str, expose)])


@functools.lru_cache(maxsize=None)
def _base_sources() -> tuple[str, ...]:
    """The part of `_read_only_sources` that is the same for every child (worked out once, in the
    fork server: `prime`)."""
    return tuple(_shown([*SYSTEM_FOLDERS, *interpreter_paths(), str(ROOT / "autograder")]))


def prime() -> None:
    """Work out in the fork server what every child's fences need, so no child pays for it."""
    _landlock_read_paths(())
    closed = _closed_entries(tuple(sys.path))
    tops = {entry for entry, _ in closed} | {real for _, real in closed}
    _packages_under(tuple(sorted(tops, key=lambda t: (-len(t), t))), len(sys.modules))


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


# ---------------------------------------------------------------------------- Landlock

# linux/landlock.h; the system call numbers are the same on every architecture.
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH = 1, 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
FILE_ONLY = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV   # rights a file's rule may hold
DEVICES_RW = ("null", "zero", "full")
DEVICES_R = ("random", "urandom")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _syscall(number: int, *args) -> int:
    return libc().syscall(ctypes.c_long(number), *args)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (old kernel, not enabled, not Linux)
    or where `AUTOGRADER_LANDLOCK=0` asks to behave as on such a kernel (the kit's tests do)."""
    if not sys.platform.startswith("linux") or os.environ.get(LANDLOCK_SETTING, "1") == "0":
        return 0
    version = _syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, version)


def _all_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


@functools.lru_cache(maxsize=None)
def _open_up(source: str) -> tuple[str, ...]:
    """`source`, or where it holds a hidden folder, its entries down to that folder's siblings
    (the folders split so may still be listed: `_listed_only`)."""
    inside = [h for h in HIDDEN_INSIDE if _under(h, source) and h != source]
    if not inside:
        return (source,)
    paths, stack = [], [source]
    while stack:
        top = stack.pop()
        _listed_only.add(top)
        for name in os.listdir(top):
            path = os.path.join(top, name)
            if any(_under(h, path) for h in inside):
                if not any(h == path for h in inside):
                    stack.append(path)
                continue
            paths.append(path)
    return tuple(paths)


_listed_only: set[str] = set()   # folders split by `_open_up`: their names may be listed, nothing read


def _landlock_read_paths(expose) -> list[str]:
    """What the child may read: what a mount namespace would show (`_read_only_sources`), with
    the folders that hold something hidden (the shipped reference outputs) opened up entry by entry."""
    paths = []
    for source in _read_only_sources(expose):
        paths += _open_up(source)
    if has_gpu():   # the CUDA driver reads its devices' descriptions there
        paths += ["/sys", "/proc"]
    else:
        paths += ["/sys/devices/system/cpu"]   # CPU counts for the BLAS and torch
    try:
        paths.append("/proc/" + os.readlink("/proc/self"))   # its own process's files only
    except OSError:
        pass
    return paths


def landlock_ruleset(read, write, devices_rw, abi: int, listed=()) -> int | None:
    """A Landlock ruleset (its descriptor) that lets a process read `read`, read and write `write`
    and the devices `devices_rw`, list the folders `listed` (the names in them and below, not what
    the files hold), and nothing else on the file system; with ABI 4+ no TCP, with
    ABI 6+ no signal nor abstract UNIX socket outside the sandbox. Made while every path can still
    be opened (before the drop to the sandbox's user); None where the kernel refuses."""
    handled = _all_fs(abi)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = _syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return None
    rules = [(p, READ) for p in read] + [(p, handled) for p in write] + \
            [(p, FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV) for p in devices_rw] + \
            [(p, FS_READ_DIR) for p in listed]
    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if not stat.S_ISDIR(os.fstat(fd).st_mode):
                rights &= FILE_ONLY
            rule = _PathBeneath(rights & handled, fd)
            _syscall(LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                     ctypes.byref(rule), ctypes.c_uint32(0))
        finally:
            os.close(fd)
    return ruleset


def landlock_restrict(ruleset: int) -> bool:
    """Put this process (and whatever it starts) under `ruleset`, then close it. Needs no new
    privileges set first (or CAP_SYS_ADMIN). True when the restriction is in force."""
    try:
        return _syscall(LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)


# ---------------------------------------------------------------------------- seccomp

# (audit arch, syscall numbers) of the architectures the filter knows (asm/unistd_64.h).
SECCOMP_ARCHES = {
    "x86_64": (0xC000003E, dict(socket=41, clone=56, clone3=435, unshare=272, setns=308, ptrace=101, bpf=321,
                                perf_event_open=298, userfaultfd=323, keyctl=250, add_key=248, request_key=249,
                                io_uring_setup=425, io_uring_enter=426, io_uring_register=427, seccomp=317)),
    "aarch64": (0xC00000B7, dict(socket=198, clone=220, clone3=435, unshare=97, setns=268, ptrace=117, bpf=280,
                                 perf_event_open=241, userfaultfd=282, keyctl=219, add_key=217, request_key=218,
                                 io_uring_setup=425, io_uring_enter=426, io_uring_register=427, seccomp=277)),
}
DENIED_SYSCALLS = ("unshare", "setns", "ptrace", "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key",
                   "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register")
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
AF_UNIX = 1
SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 22, 2, 1, 1


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]] | None:
    """The classic BPF program of the filter (see the module's docstring), None for an unknown
    architecture. A foreign system call ABI (x32, i386 on x86_64) kills the process."""
    if machine not in SECCOMP_ARCHES:
        return None
    arch, nr = SECCOMP_ARCHES[machine]
    LD, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
    eperm, enosys, allow = SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ERRNO | 38, SECCOMP_RET_ALLOW
    arg0 = 16   # offsetof(struct seccomp_data, args[0]), its low 32 bits on a little-endian machine
    prog = [(LD, 0, 0, 4), (JEQ, 1, 0, arch), (RET, 0, 0, SECCOMP_RET_KILL_PROCESS), (LD, 0, 0, 0)]
    if machine == "x86_64":
        prog += [(JGE, 0, 1, 0x40000000), (RET, 0, 0, SECCOMP_RET_KILL_PROCESS)]
    for name in DENIED_SYSCALLS:
        prog += [(JEQ, 0, 1, nr[name]), (RET, 0, 0, eperm)]
    prog += [(JEQ, 0, 1, nr["clone3"]), (RET, 0, 0, enosys)]   # its flags are out of reach: the C library falls back to clone
    prog += [(JEQ, 0, 4, nr["clone"]), (LD, 0, 0, arg0), (JSET, 0, 1, CLONE_NAMESPACES), (RET, 0, 0, eperm),
             (RET, 0, 0, allow)]
    prog += [(JEQ, 0, 4, nr["socket"]), (LD, 0, 0, arg0), (JEQ, 0, 1, AF_UNIX), (RET, 0, 0, allow),
             (RET, 0, 0, eperm)]
    prog += [(RET, 0, 0, allow)]
    return prog


def seccomp() -> bool:
    """Install the filter on this process (all its threads) and whatever it starts. Needs no new
    privileges set first. True when it is in force."""
    machine = os.uname().machine if sys.platform.startswith("linux") else ""
    prog = seccomp_program(machine)
    if prog is None:
        return False
    filters = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), filters)
    nr = SECCOMP_ARCHES[machine][1]["seccomp"]
    if _syscall(nr, ctypes.c_uint(SECCOMP_SET_MODE_FILTER), ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC),
                ctypes.byref(fprog)) == 0:
        return True
    return libc().prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0) == 0


# ---------------------------------------------------------------------------- modules under a closed home

def _others_reach(path: str) -> bool:
    """Whether a user that is neither the owner nor in the group (the sandbox's unique user) can
    list `path` and traverse every folder above it."""
    try:
        if os.stat(path).st_mode & 0o005 != 0o005:
            return False
        while path not in ("/", ""):
            path = os.path.dirname(path)
            if not os.stat(path).st_mode & 0o001:
                return False
    except OSError:
        return False
    return True


@functools.lru_cache(maxsize=8)
def _closed_entries(path: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The folders of `path` the sandbox's user cannot reach, with their real paths."""
    return tuple((entry, os.path.realpath(entry)) for entry in path
                 if entry and os.path.isabs(entry) and os.path.isdir(entry) and not _others_reach(entry))


@functools.lru_cache(maxsize=8)
def _packages_under(tops: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The imported packages with a folder under `tops` (`count`: how many modules there were, so
    that what the fork server worked out is used only while nothing was imported since). Worked out
    once: touching every module in each child costs milliseconds of copied pages."""
    found = []
    for name, module in list(sys.modules.items()):
        search = getattr(module, "__path__", None)
        if isinstance(search, list) and any(isinstance(p, str) and _under(p, t) for p in search for t in tops):
            found.append(name)
    return tuple(found)


def reach_through_descriptors() -> int:
    """Keep the interpreter's modules importable after the drop to the sandbox's user where they
    live under a folder it cannot enter (a 0700 home: pyenv, conda): each such sys.path folder is
    opened now, while we still may, and replaced in sys.path and in the __path__ of the packages
    already imported with /proc/self/fd/N/...; a process may always follow its own descriptors'
    links, and the walk from there checks no folder above. Returns how many were opened."""
    opened: dict[str, str] = {}
    for entry, real in _closed_entries(tuple(sys.path)):
        if entry not in opened:
            try:
                fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError:
                continue
            opened[entry] = f"/proc/self/fd/{fd}"
            if real != entry:
                opened[real] = opened[entry]
    if not opened:
        return 0
    tops = sorted(opened, key=lambda t: (-len(t), t))   # longest first; the same order as `prime`'s

    def through(path):
        if isinstance(path, str):
            for top in tops:
                if _under(path, top):
                    return opened[top] + path[len(top):]
        return path

    sys.path[:] = [through(p) for p in sys.path]
    for name in _packages_under(tuple(tops), len(sys.modules)):
        search = getattr(sys.modules.get(name), "__path__", None)
        if isinstance(search, list):
            search[:] = [through(p) for p in search]
    sys.path_importer_cache.clear()
    return len(set(opened.values()))


def tmp_sweep(uid: int, folders=("/tmp", "/var/tmp", "/dev/shm")) -> int:
    """Remove what user `uid` (a sandbox's, unique) left in the shared temporary folders: its
    entries, found in the folders anyone may write to (where it could have made them). Returns
    how many entries were removed."""
    import shutil
    removed, stack = 0, [f for f in folders if os.path.isdir(f)]
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if st.st_uid == uid:
                if stat.S_ISDIR(st.st_mode):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        continue
                removed += 1
            elif stat.S_ISDIR(st.st_mode) and st.st_mode & 0o002:   # others may write there: look inside
                stack.append(entry.path)
    return removed


# ---------------------------------------------------------------------------- all of it

FENCE_NAMES = ("uid", "landlock", "seccomp", "netns", "pidns", "mountns")


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
            build_root(scratch, expose, limits, proc=fences["pidns"])
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
        read = _landlock_read_paths(expose) + ["/dev/" + d for d in DEVICES_R]
        write = [str(box), tmp] + (["/tmp", "/dev/shm"] if fences["mountns"] else [])   # private ones there
        devices = ["/dev/" + d for d in DEVICES_RW] + ([f"/dev/{n}" for n in os.listdir("/dev")
                                                        if n.startswith("nvidia")] if has_gpu() else [])
        ruleset = landlock_ruleset(read, write, devices, abi, sorted(_listed_only))
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


# ---------------------------------------------------------------------------- the batch's record

_seen: dict[str, object] = {}
_seen_lock = threading.Lock()
_children = 0


def record_fences(fences: dict) -> None:
    """The grader notes each child's fences (its hello line); the batch holds only what held in all."""
    global _children
    with _seen_lock:
        _children += 1
        for name in FENCE_NAMES + ("sockets",):
            value = fences.get(name)
            if name == "uid":
                value = value is not None
            if name == "sockets":
                value = value or "python"
                _seen[name] = value if _seen.get(name, value) == value else "mixed"
            elif name == "landlock":
                _seen[name] = min(int(value or 0), int(_seen.get(name, value) or 0))
            else:
                _seen[name] = bool(value) and bool(_seen.get(name, True))


def fences_in_force() -> dict:
    """The fences that held for every child this process started: {} before any."""
    with _seen_lock:
        return dict(_seen, children=_children) if _children else {}


def fences_summary(fences: dict | None = None) -> tuple[str, list[str]]:
    """One line naming the fences in force for the batch, and a warning for each missing one
    (English: the staff's console and page)."""
    f = fences_in_force() if fences is None else fences
    if not f:
        return "sandbox fences: no child ran in this run", []
    held = [name for name in ("netns", "pidns", "mountns", "uid", "seccomp") if f.get(name)]
    if f.get("landlock"):
        held.append(f"landlock(ABI {f['landlock']})")
    line = "sandbox fences in force for every child: " + (", ".join(held) or "none")
    warnings = []
    if not f.get("uid") and not f.get("mountns"):
        warnings.append("children ran as the grader's own user" + (
            ": only Landlock keeps them from its files" if f.get("landlock") else
            " with no file fence: they could read every file the grader can (solutions, references, classmates)"))
    elif not f.get("landlock") and not f.get("mountns"):
        warnings.append("no Landlock and no mount namespace: children could read every world-readable file "
                        "(the kit's secrets are made grader-only; check your course folder's permissions)")
    if not f.get("netns") and not f.get("seccomp"):
        warnings.append("sockets were blocked only inside Python (no network namespace, no seccomp): "
                        "a determined submission can reach the network")
    if not f.get("pidns") and not f.get("uid"):
        warnings.append("no PID namespace and no user of its own: processes a child leaves behind are not swept")
    return line, ["warning: " + w for w in warnings]


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
