package dev.jdns.authoritative;

import dev.jdns.transport.Query;
import dev.jdns.transport.Replies;
import dev.jdns.transport.Response;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/** What the query handler asks of the zones this server is a secondary for: NOTIFY, and which are not served. */
public interface SecondaryZones {

    /** A server with no secondary zones: NOTIFY is not implemented (RFC 1035 §4.1.1 NOTIMP), every zone served. */
    SecondaryZones NONE = new SecondaryZones() {
        @Override
        public Response notify(Query query, Optional<Name> verifiedKey) {
            return Response.of(Replies.error(query.message(), Rcode.NOTIMP));
        }

        @Override
        public Optional<Name> unavailableZone(Name qname) {
            return Optional.empty();
        }
    };

    /**
     * The reply to a NOTIFY (RFC 1996), whose TSIG, if any, was verified as {@code verifiedKey}; an accepted one
     * starts a refresh of the zone.
     */
    Response notify(Query query, Optional<Name> verifiedKey);

    /**
     * The deepest secondary zone at or above {@code qname} that is not served now (never transferred, or expired):
     * its names are answered SERVFAIL, not REFUSED, since the zone is ours, only not available.
     */
    Optional<Name> unavailableZone(Name qname);
}
