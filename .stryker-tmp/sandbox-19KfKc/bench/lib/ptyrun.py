#!/usr/bin/env python3
"""Run one command inside a pseudo-terminal and relay it to the benchmark harness, with timestamps.

Usage: ptyrun.py COLS ROWS -- COMMAND [ARG...]

The command is exec'd directly (no shell) as a session leader whose controlling terminal is the pty
slave, with the window size set before exec. Everything the harness needs is timestamped HERE with
CLOCK_MONOTONIC (time.monotonic_ns, the same clock as Node's process.hrtime), so the relay through
pipes adds nothing to the figures:

  stdout of this helper is a stream of frames: one ASCII header line "KIND LEN FIELD..." then LEN
  bytes of payload.
    S 0 PID T_FORK                 spawned (T_FORK taken just before fork)
    O LEN T                        output read from the pty master at T (payload: the bytes)
    W 0 NBYTES T                   NBYTES from our stdin written to the pty master at T (just before)
    X 0 STATUS T MAXRSS_KB UTIME STIME   the child was reaped at T (os.wait4; rusage of the child)
    E LEN                          a helper-side error message (payload)
  stdin of this helper: raw bytes forwarded to the pty master (key presses). EOF on stdin means
  "stop": SIGTERM to the child's process group, SIGKILL after 2 s, then the X frame and exit.
"""
import errno
import fcntl
import os
import select
import signal
import struct
import sys
import termios
import time

OUT = sys.stdout.fileno()
IN = sys.stdin.fileno()


def writeall(fd, data):
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except InterruptedError:
            continue
        view = view[n:]


def frame(kind, payload=b"", *fields):
    head = " ".join([kind, str(len(payload))] + [str(f) for f in fields]) + "\n"
    writeall(OUT, head.encode("ascii") + payload)


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.stderr.write("usage: ptyrun.py COLS ROWS -- COMMAND [ARG...]\n")
        return 2
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    argv = sys.argv[4:]

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    t_fork = time.monotonic_ns()
    pid = os.fork()
    if pid == 0:  # child: new session, pty as controlling terminal and fds 0-2, then exec
        try:
            os.close(master)
            os.login_tty(slave)
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            os.execvp(argv[0], argv)
        except BaseException as e:  # noqa: BLE001 - report anything, never return into the parent's code
            try:
                os.write(2, ("ptyrun: exec %s failed: %s\n" % (argv[0], e)).encode())
            finally:
                os._exit(127)
    os.close(slave)
    frame("S", b"", pid, t_fork)

    stopping = {"since": None}

    def stop(*_):
        if stopping["since"] is None:
            stopping["since"] = time.monotonic()
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    signal.signal(signal.SIGINT, stop)

    fds = [master, IN]
    master_open = True
    while master_open:
        timeout = 0.25 if stopping["since"] is not None else None
        try:
            ready, _, _ = select.select(fds, [], [], timeout)
        except InterruptedError:
            ready = []
        if stopping["since"] is not None and time.monotonic() - stopping["since"] > 2.0:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError as e:
                if e.errno != errno.EIO:
                    raise
                data = b""
            t = time.monotonic_ns()
            if data:
                frame("O", data, t)
            else:  # EIO: every slave fd is closed, the child is gone
                master_open = False
        if IN in ready:
            data = os.read(IN, 65536)
            if data:
                t = time.monotonic_ns()
                try:
                    writeall(master, data)
                except OSError as e:
                    frame("E", ("write to pty failed: %s" % e).encode())
                frame("W", b"", len(data), t)
            else:
                fds.remove(IN)
                stop()
        if stopping["since"] is not None and time.monotonic() - stopping["since"] > 4.0:
            break  # something else keeps the pty open: give up on draining it
    _, status, ru = os.wait4(pid, 0)  # after EIO the child is gone (or SIGKILLed above)
    t = time.monotonic_ns()
    code = os.waitstatus_to_exitcode(status)
    frame("X", b"", code, t, ru.ru_maxrss, ru.ru_utime, ru.ru_stime)
    return 0


if __name__ == "__main__":
    sys.exit(main())
