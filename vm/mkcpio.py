#!/usr/bin/env python3
"""Write a newc (SVR4, no CRC) cpio archive for a Linux initramfs.

Usage: mkcpio.py OUT STAGING_DIR [--char PATH:MAJOR:MINOR:MODE]...

Every entry is owned by root (uid/gid 0) whoever runs this, so no root
privileges are needed to build an initramfs; device nodes, which a user
cannot create in the staging directory, are given with --char.  OUT "-" is
standard output.  Hard links are stored as separate files.
"""
import os
import stat
import sys

_ino = [0x4d530000]  # arbitrary base, only needs to be unique in the archive


def _header(out, name, mode, size, rmaj=0, rmin=0, mtime=0, nlink=1):
    _ino[0] += 1
    data = name.encode() + b"\0"
    fields = (_ino[0], mode, 0, 0, nlink, mtime, size, 0, 0, rmaj, rmin,
              len(data), 0)
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields) + data
    out.write(hdr)
    out.write(b"\0" * (-len(hdr) % 4))


def _body(out, data):
    out.write(data)
    out.write(b"\0" * (-len(data) % 4))


def add_tree(out, root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel = os.path.relpath(dirpath, root)
        if rel != ".":
            st = os.lstat(dirpath)
            _header(out, rel, stat.S_IFDIR | stat.S_IMODE(st.st_mode), 0,
                    mtime=int(st.st_mtime), nlink=2)
        # os.walk lists symlinks to directories in dirnames: store them as
        # links, not followed.
        for name in sorted(filenames + [d for d in dirnames
                           if os.path.islink(os.path.join(dirpath, d))]):
            path = os.path.join(dirpath, name)
            arc = os.path.normpath(os.path.join(rel, name))
            st = os.lstat(path)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                target = os.readlink(path).encode()
                _header(out, arc, stat.S_IFLNK | 0o777, len(target),
                        mtime=int(st.st_mtime))
                _body(out, target)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    data = f.read()
                _header(out, arc, stat.S_IFREG | perm, len(data),
                        mtime=int(st.st_mtime))
                _body(out, data)
            else:
                sys.exit("mkcpio: unsupported file type: " + path)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out_path, root = argv[1], argv[2]
    chars = []
    args = argv[3:]
    while args:
        if args[0] != "--char" or len(args) < 2:
            sys.exit("mkcpio: bad argument: " + args[0])
        path, major, minor, mode = args[1].split(":")
        chars.append((path.lstrip("/"), int(major), int(minor), int(mode, 8)))
        args = args[2:]
    out = sys.stdout.buffer if out_path == "-" else open(out_path + ".tmp", "wb")
    add_tree(out, root)
    for path, major, minor, mode in chars:
        _header(out, path, stat.S_IFCHR | mode, 0, rmaj=major, rmin=minor)
    _header(out, "TRAILER!!!", 0, 0, nlink=1)
    if out_path != "-":
        out.close()
        os.replace(out_path + ".tmp", out_path)


if __name__ == "__main__":
    main(sys.argv)
