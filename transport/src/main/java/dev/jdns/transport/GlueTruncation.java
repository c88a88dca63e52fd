package dev.jdns.transport;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * RFC 9471 §3: a referral whose glue for in-domain name servers (names at or below the delegation point)
 * does not all fit must have TC set, because without that glue the client cannot follow the delegation.
 * dnsjava's {@code Message.toWire(int)} drops additional records without setting TC, so the front end
 * checks what was left out. Whether a reply is such a referral is the handler's to say
 * ({@link Response.Single#inDomainGlueRequired()}).
 */
final class GlueTruncation {

    private GlueTruncation() {}

    /**
     * @param reply              the message that was rendered, a referral
     * @param renderedAdditional how many non-OPT additional records made it onto the wire (dnsjava renders
     *                           a prefix of the section, whole RRsets only)
     */
    static boolean lostInDomainGlue(Message reply, int renderedAdditional) {
        Set<Name> inDomainServers = inDomainServers(reply);
        List<Record> additional = reply.getSection(Section.ADDITIONAL).stream()
                .filter(record -> record.getType() != Type.OPT)
                .toList();
        for (int i = renderedAdditional; i < additional.size(); i++) {
            Record record = additional.get(i);
            boolean address = record.getType() == Type.A || record.getType() == Type.AAAA;
            if (address && inDomainServers.contains(record.getName())) {
                return true;
            }
        }
        return false;
    }

    private static Set<Name> inDomainServers(Message reply) {
        Set<Name> servers = new HashSet<>();
        for (Record record : reply.getSection(Section.AUTHORITY)) {
            if (record instanceof NSRecord ns && ns.getTarget().subdomain(ns.getName())) {
                servers.add(ns.getTarget());
            }
        }
        return servers;
    }
}
