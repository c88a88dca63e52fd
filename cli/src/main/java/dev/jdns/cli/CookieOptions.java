package dev.jdns.cli;

import dev.jdns.transport.DnsServer;
import dev.jdns.transport.cookie.ServerCookies;
import dev.jdns.transport.cookie.SipHash;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * DNS cookies (RFC 7873) of {@code jdns serve} and {@code jdns resolver}: always answered; the server secret is
 * random per process unless given, so that several servers behind one address (anycast) accept each other's
 * cookies (RFC 9018 §5).
 */
final class CookieOptions {

    @Option(names = "--cookie-secret", paramLabel = "HEX", converter = SecretConverter.class,
            description = "The server secret of DNS cookies (RFC 7873, RFC 9018), 32 hex digits; give the same to "
                    + "every server behind one address (default: random per process). A UDP client that returns a "
                    + "valid server cookie is never rate limited.")
    SipHash secret;

    /** Applies these options to {@code server}, before it starts. */
    void applyTo(DnsServer server) {
        if (secret != null) {
            server.cookies(new ServerCookies(secret, () -> System.currentTimeMillis() / 1000));
        }
    }

    static final class SecretConverter implements ITypeConverter<SipHash> {
        @Override
        public SipHash convert(String text) {
            try {
                return SipHash.ofHex(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
