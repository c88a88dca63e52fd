#!/usr/bin/env python3
"""Writes the seeds of UpdateMessageFuzzTest: UPDATE messages (RFC 2136) for example.com., valid and not.

    fuzz/seed-updates.py        (run from the checkout; rewrites the seed directory's files of these names)
"""
import os
import struct

OUT = "authoritative/src/test/resources/dev/jdns/authoritative/UpdateMessageFuzzTestInputs/updates"
IN, NONE, ANY = 1, 254, 255
A, NS, CNAME, SOA, MX, TXT, AXFR, TANY = 1, 2, 5, 6, 15, 16, 252, 255


def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rclass, ttl, rdata=b""):
    return name(owner) + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def message(prereqs=(), updates=(), zone="example.com", ztype=SOA):
    header = struct.pack("!HHHHHH", 0x1234, 5 << 11, 1, len(prereqs), len(updates), 0)
    return header + name(zone) + struct.pack("!HH", ztype, IN) + b"".join(prereqs) + b"".join(updates)


def txt(text):
    return bytes([len(text)]) + text.encode()


SEEDS = {
    "add-acme-txt": message(updates=[rr("_acme-challenge.example.com", TXT, IN, 60, txt("token"))]),
    "add-a-with-nxdomain-prereq": message(prereqs=[rr("new.example.com", TANY, NONE, 0)],
                                          updates=[rr("new.example.com", A, IN, 300, bytes([192, 0, 2, 9]))]),
    "value-dependent-prereq": message(prereqs=[rr("www.example.com", A, IN, 0, bytes([192, 0, 2, 80]))],
                                      updates=[rr("www.example.com", A, NONE, 0, bytes([192, 0, 2, 80]))]),
    "yxrrset-prereq-delete-rrset": message(prereqs=[rr("www.example.com", TXT, ANY, 0)],
                                           updates=[rr("www.example.com", TXT, ANY, 0)]),
    "delete-name": message(updates=[rr("www.example.com", TANY, ANY, 0)]),
    "delete-apex-everything": message(updates=[rr("example.com", TANY, ANY, 0), rr("example.com", NS, ANY, 0),
                                               rr("example.com", SOA, ANY, 0)]),
    "delete-last-apex-ns": message(updates=[rr("example.com", NS, NONE, 0, name("ns1.example.com"))]),
    "cname-beside-data": message(updates=[rr("www.example.com", CNAME, IN, 60, name("alias.example.com")),
                                          rr("alias.example.com", MX, IN, 60, b"\0\x0a" + name("mail.example.com"))]),
    "newer-soa": message(updates=[rr("example.com", SOA, IN, 3600, name("ns1.example.net") + name("h.example.net")
                                     + struct.pack("!IIIII", 100, 7200, 3600, 1209600, 300))]),
    "glue-below-cut": message(updates=[rr("ns2.sub.example.com", A, IN, 60, bytes([192, 0, 2, 55]))]),
    "formerr-delete-with-ttl": message(updates=[rr("www.example.com", A, ANY, 300)]),
    "formerr-axfr-add": message(updates=[rr("www.example.com", AXFR, IN, 60, b"\1")]),
    "notzone-update": message(updates=[rr("www.example.net", A, IN, 60, bytes([192, 0, 2, 1]))]),
    "notauth-zone": message(zone="example.net", updates=[rr("www.example.net", A, IN, 60, bytes([192, 0, 2, 1]))]),
    "zone-type-not-soa": message(ztype=A, updates=[rr("www.example.com", A, IN, 60, bytes([192, 0, 2, 1]))]),
}

os.makedirs(OUT, exist_ok=True)
for seed, data in SEEDS.items():
    with open(os.path.join(OUT, seed), "wb") as f:
        f.write(data)
print(f"{len(SEEDS)} seeds in {OUT}")
