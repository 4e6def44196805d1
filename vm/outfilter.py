#!/usr/bin/env python3
"""Pass the guest's command output through, as it comes, and catch its status.

Usage: outfilter.py STATUSFILE

Reads QEMU's second serial port (the guest command's output) on stdin and
copies it to stdout with CR LF turned into LF; the line ending with the
marker "@@memshare-exit=N@@" that the guest's /init prints last is not
shown (the text before the marker on that line is), and N is written to
STATUSFILE. The line "@@memshare-boot@@", which /init prints as soon as it
runs, is not shown either: it creates STATUSFILE.boot, so that vm/run
knows the kernel booted.
"""
import os
import re
import sys

MARK = re.compile(rb"@@memshare-exit=(\d+)@@\r?$")
BOOT = b"@@memshare-boot@@"


def main():
    status_file = sys.argv[1]
    out = sys.stdout.buffer
    status = None
    pending = b""
    fd = sys.stdin.fileno()
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if line.rstrip(b"\r") == BOOT:
                open(status_file + ".boot", "w").close()
                continue
            m = MARK.search(line)
            if m:
                status = int(m.group(1))
                line = line[:m.start()]
                if not line:
                    continue
            out.write(line.rstrip(b"\r") + b"\n")
        if lines:
            out.flush()
    if pending:
        m = MARK.search(pending)
        if m:
            status = int(m.group(1))
            pending = pending[:m.start()]
        if pending:
            out.write(pending.rstrip(b"\r"))
    out.flush()
    if status is not None:
        with open(status_file, "w") as f:
            f.write("%d\n" % status)


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
