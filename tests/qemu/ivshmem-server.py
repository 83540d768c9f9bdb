#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Minimal ivshmem-doorbell server for one QEMU peer.

usage: ivshmem-server.py SOCKET VECTORS [SHM_BYTES]

Listens on the unix socket SOCKET, then forks: the parent prints the
server's pid and exits, so the caller knows the socket is listening. The
child accepts one QEMU and sends, as QEMU 7.2's ivshmem expects (one int64
per message, little-endian): the protocol version 0, the peer's id, -1 with
the shared-memory fd, then one eventfd per vector tagged with the peer's own
id, so a guest ringing its own doorbell ((IVPosition << 16) | vector to
BAR0+12) interrupts itself on that MSI-X vector. It exits when QEMU hangs up.
"""
import os
import signal
import socket
import struct
import sys

PEER_ID = 0


def send(conn, value, fd=None):
    anc = [] if fd is None else [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                  struct.pack("i", fd))]
    conn.sendmsg([struct.pack("<q", value)], anc)


def main():
    path, vectors = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 1 << 20
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    pid = os.fork()
    if pid:
        print(pid, flush=True)
        os._exit(0)
    os.setsid()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # release the caller's $(...) pipe
        os.dup2(null, fd)
    signal.alarm(3600)  # never outlive a forgotten rig
    conn, _ = srv.accept()
    shm = os.memfd_create("ivshmem")
    os.ftruncate(shm, size)
    send(conn, 0)
    send(conn, PEER_ID)
    send(conn, -1, shm)
    fds = [os.eventfd(0, os.EFD_NONBLOCK) for _ in range(vectors)]
    for fd in fds:
        send(conn, PEER_ID, fd)
    while conn.recv(4096):
        pass
    os.unlink(path)


if __name__ == "__main__":
    main()
