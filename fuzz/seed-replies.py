#!/usr/bin/env python3
# Writes the seed replies of the fuzz tests (real upstream replies to www.example.com. A, ID 0x1234):
#   fuzz/seed-replies.py transport/src/test/resources/dev/jdns/transport/client/ReplyMatcherFuzzTestInputs/replies
#   fuzz/seed-replies.py resolver/src/test/resources/dev/jdns/resolver/iterate/UpstreamReplyFuzzTestInputs/replies
import struct, sys, os
class W:
    def __init__(s): s.b=bytearray(); s.names={}
    def name(s,n):
        labels=[l for l in n.rstrip('.').split('.') if l]
        for i in range(len(labels)):
            suf='.'.join(labels[i:]).lower()
            if suf in s.names:
                s.b+=struct.pack('>H',0xC000|s.names[suf]); return
            if len(s.b)<0x3FFF: s.names[suf]=len(s.b)
            s.b+=bytes([len(labels[i])])+labels[i].encode()
        s.b+=b'\0'
def rdata(w,t,d):
    if t==1: return bytes(map(int,d.split('.')))
    if t==28:
        import ipaddress; return ipaddress.IPv6Address(d).packed
    return None
def msg(id,flags,q,an=(),ns=(),ar=(),qclass=1):
    w=W(); w.b+=struct.pack('>HHHHHH',id,flags,1,len(an),len(ns),len(ar))
    w.name(q[0]); w.b+=struct.pack('>HH',q[1],qclass)
    for sec in (an,ns,ar):
        for (n,t,ttl,d,*c) in sec:
            cls=c[0] if c else 1
            w.name(n); w.b+=struct.pack('>HHI',t,cls,ttl)
            at=len(w.b); w.b+=b'\0\0'
            if t in (2,5,39,12): w.name(d)
            elif t==6:
                w.name(d[0]); w.name(d[1]); w.b+=struct.pack('>IIIII',*d[2:])
            elif t==41: pass
            else: w.b+=rdata(w,t,d)
            struct.pack_into('>H',w.b,at,len(w.b)-at-2)
    return bytes(w.b)
Q=('www.example.com.',1)
OPT=('.',41,0,None)
def opt(): # OPT: class = payload size
    return ('.',41,0,None,1232)
R={
 'referral-with-glue': msg(0x1234,0x8000,Q,ns=[('example.com.',2,172800,'ns1.example.com.'),('example.com.',2,172800,'ns2.example.com.')],
     ar=[('ns1.example.com.',1,172800,'192.0.2.53'),('ns2.example.com.',28,172800,'2001:db8::53'),opt()]),
 'cname-chain': msg(0x1234,0x8400,Q,an=[('www.example.com.',5,300,'web.example.com.'),('web.example.com.',5,300,'cdn.example.com.'),('cdn.example.com.',1,60,'192.0.2.80')],
     ns=[('example.com.',2,3600,'ns1.example.com.')],ar=[('ns1.example.com.',1,3600,'192.0.2.53')]),
 'nxdomain-with-soa': msg(0x1234,0x8403,Q,ns=[('example.com.',6,3600,('ns1.example.com.','hostmaster.example.com.',2024010101,7200,3600,1209600,300))]),
 'nodata-with-soa': msg(0x1234,0x8400,Q,ns=[('example.com.',6,3600,('ns1.example.com.','hostmaster.example.com.',1,2,3,4,5))]),
 'answer-with-out-of-bailiwick-poison': msg(0x1234,0x8400,Q,an=[('www.example.com.',1,300,'192.0.2.80'),('www.bank.test.',1,86400,'203.0.113.66')],
     ns=[('bank.test.',2,86400,'ns.evil.test.')],ar=[('ns.evil.test.',1,86400,'203.0.113.66')]),
 'answer-of-class-ch': msg(0x1234,0x8400,Q,an=[('www.example.com.',1,300,'192.0.2.80',3)]),
 'dname-above-question': msg(0x1234,0x8400,Q,an=[('example.com.',39,300,'example.net.'),('www.example.com.',5,300,'www.example.net.')]),
 'referral-upward-to-root': msg(0x1234,0x8000,Q,ns=[('.',2,518400,'a.root-servers.net.')],ar=[('a.root-servers.net.',1,518400,'198.41.0.4')]),
 'refused': msg(0x1234,0x8005,Q),
 'wrong-id': msg(0x4321,0x8400,Q,an=[('www.example.com.',1,300,'192.0.2.80')]),
 'query-not-reply': msg(0x1234,0x0100,Q),
 'other-question': msg(0x1234,0x8400,('mail.example.com.',15),an=[]),
}
R['truncated-mid-record']=R['referral-with-glue'][:60]
outdir=sys.argv[1]
os.makedirs(outdir,exist_ok=True)
for k,v in R.items(): open(os.path.join(outdir,k),'wb').write(v)
