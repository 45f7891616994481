"""Build elsewhere, then swap: the previous site stays whole until the new one is complete.

The site a swap replaces is not always deleted: with the build cache it is kept beside the site
as the *spare* (``.site-spare``), and the next build takes it as its staging folder instead of
making every folder again (buildcache.py says which of its files can stay)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_dir(final: str) -> str:
    """A fresh directory beside ``final`` (same file system, so the swap is a rename)."""
    final = os.path.abspath(final)
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    clean_stale(final)
    return tempfile.mkdtemp(prefix=f".{os.path.basename(final)}-build-{os.getpid()}-", dir=parent)


def clean_stale(final: str) -> None:
    """Remove staging folders left by builds that were killed (their process is gone)."""
    parent, name = os.path.split(os.path.abspath(final))
    remove_abandoned(parent, (f".{name}-build-", f".{name}-old-"))


def remove_abandoned(parent: str, prefixes: tuple[str, ...], keep_own: bool = False,
                     background: bool = False) -> None:
    """Remove the folders in ``parent`` named ``<prefix><pid>-...`` whose process has ended
    (and, unless ``keep_own``, this process's own): a live process's folder is left alone.
    With ``background``, each is handed to a process of its own (hand_over)."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        if prefix is None:
            continue
        digits = name[len(prefix):].split("-")[0]
        pid = int(digits) if digits.isdigit() else 0
        if (pid == os.getpid() and keep_own) or (pid and pid != os.getpid() and _alive(pid)):
            continue
        if background:
            hand_over(os.path.join(parent, name), parent, prefix)
        else:
            shutil.rmtree(os.path.join(parent, name), ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _exchange(a: str, b: str) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_into_place(staging: str, final: str, background: bool = False, spare: bool = False) -> None:
    """Make ``staging`` the site at ``final``. The old site becomes the spare when ``spare`` is
    set; otherwise it is removed, by a separate process when ``background`` is set (a national
    site has hundreds of thousands of files, and deleting them can take longer than building
    the new one). A spare left by an earlier build is removed when this one keeps none."""
    final = os.path.abspath(final)
    if not os.path.exists(final):
        os.rename(staging, final)
        drop_spare(final, background)
        return
    if _exchange(staging, final):
        old = staging  # staging now holds the previous site
    else:
        # Without an atomic exchange, two renames leave a complete site at one of the two names.
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(final)}-old-{os.getpid()}-",
                               dir=os.path.dirname(final))
        os.rmdir(old)
        os.rename(final, old)
        os.rename(staging, final)
    drop_spare(final, background)
    if spare:
        with contextlib.suppress(OSError):
            os.rename(old, spare_dir(final))
            return
    if background:
        hand_over(old, os.path.dirname(final), f".{os.path.basename(final)}-old-")
    else:
        shutil.rmtree(old, ignore_errors=True)


def spare_dir(final: str) -> str:
    """Where the site the last swap replaced waits to be the next build's staging folder."""
    parent, name = os.path.split(os.path.abspath(final))
    return os.path.join(parent, f".{name}-spare")


def drop_spare(final: str, background: bool = False) -> None:
    """Remove the spare (by a separate process when ``background`` is set)."""
    spare = spare_dir(final)
    if not os.path.isdir(spare):
        return
    if background:
        hand_over(spare, os.path.dirname(spare), f".{os.path.basename(final)}-old-")
    else:
        shutil.rmtree(spare, ignore_errors=True)


def take_spare(final: str, identity: list[int] | None, background: bool = False) -> str | None:
    """The spare, renamed to a staging folder of this process, when it is the very folder
    ``identity`` names (stamp.site_id, recorded when it was put there); None when there is
    none, and a spare that is another folder (copied, restored) is removed."""
    spare = spare_dir(final)
    try:
        info = os.stat(spare)
    except OSError:
        return None
    if identity is None or [info.st_dev, info.st_ino] != identity:
        drop_spare(final, background)
        return None
    parent, name = os.path.split(os.path.abspath(final))
    target = tempfile.mkdtemp(prefix=f".{name}-build-{os.getpid()}-", dir=parent)
    os.rmdir(target)
    try:
        os.rename(spare, target)
    except OSError:
        return None
    return target


def trim(folder: str, paths) -> None:
    """Remove the files at ``paths`` (in ``folder``, with /) and the folders they leave empty."""
    parents = set()
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(folder, path))
        parents.add(path.rpartition("/")[0])
    for parent in sorted(parents, key=len, reverse=True):  # a folder's children come first
        while parent:
            try:
                os.rmdir(os.path.join(folder, parent))
            except OSError:
                break
            parent = parent.rpartition("/")[0]


def merge(source: str, target: str, replaced) -> None:
    """Move everything in ``source`` into ``target`` and remove ``source``: a folder missing
    from ``target`` moves whole, a file there is replaced (never written into, so a hard link
    there leaves the file it shares alone). ``replaced`` hears each path in ``target`` that
    held something before, a folder's as ``path/``."""
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(source, rel)) as entries:
            for entry in entries:
                path, there = rel + entry.name, os.path.join(target, rel, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    if os.path.isdir(there) and not os.path.islink(there):
                        stack.append(path + "/")
                        continue
                    if os.path.lexists(there):
                        os.unlink(there)
                        replaced(path)
                    os.rename(entry.path, there)
                    continue
                if os.path.isdir(there) and not os.path.islink(there):
                    shutil.rmtree(there)
                    replaced(path + "/")
                elif os.path.lexists(there):
                    replaced(path)
                os.replace(entry.path, there)
    shutil.rmtree(source, ignore_errors=True)


def hand_over(path: str, parent: str, prefix: str) -> None:
    """Delete ``path`` from a detached process, after renaming it into ``parent`` as
    ``<prefix><that process's id>-...``: remove_abandoned leaves it alone while the process
    lives, and removes what is left if the process is stopped first."""
    try:
        deleter = subprocess.Popen([sys.executable, "-c", _DELETE_NAMED_ON_STDIN], stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
        return
    target = tempfile.mkdtemp(prefix=f"{prefix}{deleter.pid}-", dir=parent)
    os.rmdir(target)
    try:
        os.rename(path, target)
    except OSError:
        target = ""
    finally:
        with contextlib.suppress(OSError):  # not waited for: it outlives this process
            assert deleter.stdin is not None  # stdin=PIPE
            deleter.stdin.write(os.fsencode(target))
            deleter.stdin.close()


# Reads the folder to delete from standard input (nothing: nothing to do).
_DELETE_NAMED_ON_STDIN = ("import os, shutil, sys\npath = os.fsdecode(sys.stdin.buffer.read())\n"
                          "path and shutil.rmtree(path, True)")
