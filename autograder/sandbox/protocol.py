"""What a child's reply may hold: numeric arrays in .npz bytes, read without ever unpickling.

`read_npz_bytes` checks every member's header (a plain numeric dtype, a size within the limits)
before it loads the member's data, with ``allow_pickle=False``; the limits below bound what one
call, and one submission in all, may leave in the grader's memory.
"""
from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

import numpy as np




MAX_ARRAY_BYTES = 64 * 1024 * 1024       # one array (the largest a check returns is under 1 MB)
MAX_REPLY_BYTES = 64 * 1024 * 1024       # all the arrays of one call
MAX_KEPT_BYTES = 256 * 1024 * 1024       # all the arrays one submission's replies leave in the grader
MAX_ARRAYS = 256


# ---------------------------------------------------------------------------- arrays

def read_npz_bytes(data: bytes) -> dict:
    """Load an .npz without ever unpickling; refuse anything that is not a plain numeric array.
    Every member's header is read and checked before its data is."""
    arrays = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ARRAYS:
                raise ValueError(f"{len(infos)} arrays (at most {MAX_ARRAYS})")
            if sum(info.file_size for info in infos) > MAX_REPLY_BYTES + 4096 * len(infos):
                raise ValueError("more array data than a reply may hold")
            for info in infos:
                name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
                if not info.filename.endswith(".npy") or info.file_size > MAX_ARRAY_BYTES + 4096:
                    raise ValueError(f"{name}: not an array of a readable size")
                if info.compress_type != zipfile.ZIP_STORED:   # np.savez stores: a compressed member
                    raise ValueError(f"{name}: compressed")    # could inflate far past the reply's size
                with z.open(info) as f:
                    version = np.lib.format.read_magic(f)
                    if version == (1, 0):
                        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
                    elif version == (2, 0):
                        shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
                    else:
                        raise ValueError(f"{name}: unsupported format {version}")
                    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf":
                        raise ValueError(f"{name}: dtype {dtype} is not a plain numeric type")
                    if len(shape) > 32 or any(int(s) < 0 for s in shape):
                        raise ValueError(f"{name}: bad shape {shape}")
                    nbytes = math.prod(int(s) for s in shape) * dtype.itemsize
                    if nbytes > MAX_ARRAY_BYTES or nbytes > info.file_size:
                        raise ValueError(f"{name}: {nbytes} bytes of data claimed, {info.file_size} present")
                    data_bytes = f.read(nbytes)   # the data follows the header checked above
                if len(data_bytes) != nbytes:
                    raise ValueError(f"{name}: {len(data_bytes)} bytes of data for {nbytes} claimed")
                arrays[name] = np.frombuffer(bytearray(data_bytes), dtype=dtype).reshape(
                    tuple(int(s) for s in shape), order="F" if fortran else "C")
    except Exception as exc:   # whatever a crafted header makes numpy or zipfile raise (OverflowError, ...)
        detail = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        raise ValueError(f"unreadable output ({detail})"[:500]) from None
    return arrays


def read_arrays(path: Path) -> dict:
    """An .npz file (the reference cache) read as strictly as a child's reply."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"unreadable output ({exc})") from None
    return read_npz_bytes(data)
