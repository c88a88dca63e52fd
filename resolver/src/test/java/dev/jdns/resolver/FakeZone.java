package dev.jdns.resolver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A test zone that answers the way an authoritative server does, just enough for resolver tests: referrals with
 * glue at cuts below the apex, DNAME substitution, answers, CNAMEs (not chased), NODATA and NXDOMAIN with the SOA.
 * Test fixture only; the real authoritative server lives in its own module.
 */
final class FakeZone {

    private final Name apex;
    private final List<Record> records = new ArrayList<>();
    private boolean apexNsInAuthority;

    FakeZone(String apexText, String zoneText) {
        this.apex = Name.fromConstantString(apexText);
        String text = "$TTL 300\n" + apexText + " 300 IN SOA ns.invalid. admin.invalid. 1 3600 600 86400 60\n"
                + zoneText;
        try (Master master = new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), apex)) {
            for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
                records.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes positive answers carry the zone's own NS set in the authority section, with the addresses of in-zone
     * servers in the additional section, as BIND and NSD do by default.
     */
    FakeZone apexNsInAuthority() {
        apexNsInAuthority = true;
        return this;
    }

    Name apex() {
        return apex;
    }

    Message answer(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        Name name = query.getQuestion().getName();
        int type = query.getQuestion().getType();
        if (!name.subdomain(apex)) {
            reply.getHeader().setRcode(Rcode.REFUSED);
            return reply;
        }
        for (int labels = apex.labels() + 1; labels <= name.labels(); labels++) {
            Name candidate = new Name(name, name.labels() - labels);
            List<Record> cut = at(candidate, Type.NS);
            if (!cut.isEmpty()) {
                return referral(reply, cut);
            }
            List<Record> dname = at(candidate, Type.DNAME);
            if (!dname.isEmpty() && !candidate.equals(name)) {
                return dname(reply, name, (DNAMERecord) dname.get(0));
            }
        }
        reply.getHeader().setFlag(Flags.AA);
        List<Record> data = type == Type.ANY ? at(name) : at(name, type);
        List<Record> cname = at(name, Type.CNAME);
        if (!data.isEmpty() || !cname.isEmpty()) {
            (data.isEmpty() ? cname : data).forEach(r -> reply.addRecord(r, Section.ANSWER));
            if (type == Type.NS && name.equals(apex)) {
                addressesOf(data, reply);
            } else if (apexNsInAuthority) {
                List<Record> apexNs = at(apex, Type.NS);
                apexNs.forEach(ns -> reply.addRecord(ns, Section.AUTHORITY));
                addressesOf(apexNs, reply);
            }
            return reply;
        }
        boolean exists = records.stream().anyMatch(r -> r.getName().subdomain(name));
        reply.getHeader().setRcode(exists ? Rcode.NOERROR : Rcode.NXDOMAIN);
        reply.addRecord(at(apex, Type.SOA).get(0), Section.AUTHORITY);
        return reply;
    }

    private Message referral(Message reply, List<Record> cut) {
        cut.forEach(ns -> reply.addRecord(ns, Section.AUTHORITY));
        addressesOf(cut, reply);
        return reply;
    }

    /** The A records this zone has for the targets of {@code nsRecords}, into the additional section. */
    private void addressesOf(List<Record> nsRecords, Message reply) {
        for (Record ns : nsRecords) {
            Name target = ((NSRecord) ns).getTarget();
            at(target, Type.A).forEach(glue -> reply.addRecord(glue, Section.ADDITIONAL));
        }
    }

    private Message dname(Message reply, Name name, DNAMERecord dname) {
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(dname, Section.ANSWER);
        try {
            reply.addRecord(new CNAMERecord(name, dname.getDClass(), dname.getTTL(), name.fromDNAME(dname)),
                    Section.ANSWER);
        } catch (NameTooLongException e) {
            reply.getHeader().setRcode(Rcode.YXDOMAIN);
        }
        return reply;
    }

    private List<Record> at(Name name) {
        return records.stream().filter(r -> r.getName().equals(name)).toList();
    }

    private List<Record> at(Name name, int type) {
        return records.stream().filter(r -> r.getName().equals(name) && r.getType() == type).toList();
    }
}
