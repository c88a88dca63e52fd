#!/usr/bin/env bash
# Reflection through `jdns serve` with and without response rate limiting: one client sends QUERIES identical
# queries for a 1105-octet TXT answer at about 2000 a second and counts what comes back (bytes back per byte sent).
#   bench/reflection.sh [QUERIES]
# Loopback only (127.53.6.0/24); needs python3.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
queries=${1:-10000}
server=127.53.6.1 port=53560
work=$(mktemp -d /tmp/jdns-reflection.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

"$root/jdns" --version >/dev/null # build first
{
    printf '$ORIGIN big.test.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.1\n'
    for i in 1 2 3 4 5 6 7 8; do printf 'txt TXT "%s"\n' "$(printf "$i%.0s" $(seq 120))"; done
} > "$work/big.test.zone"

cat > "$work/burst.py" <<'PY'
import socket, struct, sys, threading, time
address, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
query = struct.pack(">HHHHHH", 1, 0, 1, 0, 0, 1) + b"\x03txt\x03big\x04test\x00" + struct.pack(">HH", 16, 1) \
    + b"\x00" + struct.pack(">HHIH", 41, 1232, 0, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind((address, 0))
s.settimeout(1.0)
back = {"full": 0, "truncated": 0, "octets": 0}
def read():
    try:
        while True:
            reply, _ = s.recvfrom(65535)
            back["octets"] += len(reply)
            back["truncated" if reply[2] & 2 else "full"] += 1
    except socket.timeout:
        pass
reader = threading.Thread(target=read)
reader.start()
for i in range(n):
    s.sendto(query, (address, port))
    if i % 100 == 99:
        time.sleep(0.05)
reader.join()
print(f"{n} queries ({n * len(query)} octets): {back['full']} full replies, {back['truncated']} truncated, "
      f"{back['octets']} octets back, {back['octets'] / (n * len(query)):.2f}x")
PY

for limit in 0 200; do
    "$root/jdns" serve --listen "$server:$port" --log-level warning --watch-interval 0 --rate-limit "$limit" \
        "$work/big.test.zone" > "$work/serve.out" 2>&1 &
    pid=$!
    for _ in $(seq 100); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
    printf -- '--rate-limit %s: ' "$limit"
    python3 "$work/burst.py" "$server" "$port" "$queries"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
