#!/usr/bin/env bash
# Signs gen.sh's upstream zones in DIR for bench/run.sh's DNSSEC mode (BENCH_DNSSEC=1), with bind9-utils, from the
# leaves up: sub.bench. and wild. first, the DS of sub.bench. added to bench. before bench. is signed, the DS of
# bench. and wild. added to the root before the root is signed. Each zone gets a KSK and a ZSK (ECDSAP256SHA256)
# and NSEC. Writes ZONE.signed beside each zone file and root.anchor (the root's DS: what both resolvers trust).
#   sign-zones.sh DIR
set -euo pipefail
dir=$1
cd "$dir"

sign() { # origin unsigned-file signed-file
    dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -K . "$1" >/dev/null
    dnssec-keygen -q -a ECDSAP256SHA256 -K . "$1" >/dev/null
    dnssec-signzone -q -S -K . -d . -o "$1" -f "$3" "$2" >/dev/null
}

sign sub.bench. sub.zone sub.zone.signed
sign wild. wild.zone wild.zone.signed
cat bench.zone dsset-sub.bench. > bench.zone.with-ds
sign bench. bench.zone.with-ds bench.zone.signed
cat root.zone dsset-bench. dsset-wild. > root.zone.with-ds
sign . root.zone.with-ds root.zone.signed
cp dsset-. root.anchor
