package dev.jdns.resolver;

import java.util.Optional;
import org.xbill.DNS.ExtendedErrorCodeOption;

/**
 * A client's answer after validation: what to send, whether to set AD (RFC 6840 §5.7: a secure answer, to a client
 * that set DO or AD), and the Extended DNS Error that says why a bogus answer failed (RFC 8914 §4).
 */
public record ValidatedAnswer(Resolution resolution, boolean authenticated, Optional<ExtendedErrorCodeOption> error) {}
