package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdns.transport.client.DnsClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** dig's argument syntax: any order, attached or separate flag values, global and local +options, errors. */
class DigArgumentParserTest {

    @Test
    void argumentsComeInAnyOrder() throws Exception {
        DigRequest request = DigArgumentParser.parse(List.of("MX", "+tcp", "example.test", "@127.0.0.1", "-p",
                "5353", "CH"));

        assertEquals(Optional.of("127.0.0.1"), request.server());
        assertEquals(5353, request.portOrDefault());
        DigQuestion question = request.questions().getFirst();
        assertEquals(Name.fromString("example.test."), question.name());
        assertEquals(Type.MX, question.type());
        assertEquals(DClass.CH, question.dclass());
        assertTrue(question.options().tcp);
    }

    @Test
    void queriesCarryAdByDefaultAndCdOnRequestAsDigSends() throws Exception {
        Message plain = queryFor("www.example.test");
        assertTrue(plain.getHeader().getFlag(Flags.AD), "dig sets AD by default");
        assertFalse(plain.getHeader().getFlag(Flags.CD));

        Message checkingDisabled = queryFor("www.example.test", "+cd", "+noad");
        assertTrue(checkingDisabled.getHeader().getFlag(Flags.CD));
        assertFalse(checkingDisabled.getHeader().getFlag(Flags.AD));
        assertTrue(queryFor("www.example.test", "+cdflag", "+dnssec").getOPT().getFlags() != 0, "DO with +dnssec");
    }

    /** Options before the name are the defaults every question starts from (a copy): the flags must survive it. */
    @Test
    void flagsGivenBeforeTheNameApplyToIt() throws Exception {
        Message query = queryFor("+cd", "+noad", "www.example.test");
        assertTrue(query.getHeader().getFlag(Flags.CD), "+cd before the name");
        assertFalse(query.getHeader().getFlag(Flags.AD), "+noad before the name");
    }

    private static Message queryFor(String... arguments) throws DigUsageException {
        DigQuestion question = DigArgumentParser.parse(List.of(arguments)).questions().getFirst();
        return new QueryBuilder(new DnsClient()).build(question, question.options());
    }

    @Test
    void flagValuesMayBeAttachedAndTheDefaultIsTheRootsNsSet() throws Exception {
        DigRequest attached = DigArgumentParser.parse(List.of("-tAAAA", "-p53", "www.example.test"));
        assertEquals(Type.AAAA, attached.questions().getFirst().type());

        DigQuestion none = DigArgumentParser.parse(List.of()).questions().getFirst();
        assertEquals(Name.root, none.name());
        assertEquals(Type.NS, none.type());
    }

    @Test
    void reverseLookupsBuildPtrNamesForBothFamilies() throws Exception {
        assertEquals(Name.fromString("4.3.2.1.in-addr.arpa."),
                DigArgumentParser.parse(List.of("-x", "1.2.3.4")).questions().getFirst().name());
        DigQuestion v6 = DigArgumentParser.parse(List.of("-x", "2001:db8::1")).questions().getFirst();
        assertEquals(Type.PTR, v6.type());
        assertTrue(v6.name().toString().endsWith(".8.b.d.0.1.0.0.2.ip6.arpa."));
    }

    @Test
    void optionsAfterANameApplyToThatNameOnly() throws Exception {
        DigRequest request = DigArgumentParser.parse(List.of("+norec", "a.test", "b.test", "+short", "TXT"));

        DigQuestion a = request.questions().get(0);
        DigQuestion b = request.questions().get(1);
        assertFalse(a.options().recurse);
        assertFalse(a.options().shortOutput);
        assertEquals(Type.A, a.type());
        assertFalse(b.options().recurse);
        assertTrue(b.options().shortOutput);
        assertEquals(Type.TXT, b.type());
    }

    @Test
    void plusOptionsTakeValuesAndUnambiguousPrefixes() throws Exception {
        DigOptions options = DigArgumentParser.parse(List.of("+bufsize=4096", "+time=2", "+tries=1", "+noall",
                "+answer", "+sh", "+dnssec", "+nsid")).options();

        assertEquals(4096, options.bufsize);
        assertEquals(2, options.timeSeconds);
        assertEquals(1, options.tries);
        assertTrue(options.answer);
        assertFalse(options.question);
        assertTrue(options.shortOutput);
        assertTrue(options.dnssec && options.nsid);
    }

    @Test
    void badArgumentsAreUsageErrorsWithAReason() {
        assertEquals("invalid option: +bogus", message("+bogus"));
        assertEquals("ambiguous option: +t (tcp, time, tries, trace)", message("+t"));
        assertEquals("invalid port: 99999", message("-p", "99999"));
        assertEquals("invalid type: NOPE", message("-t", "NOPE"));
        assertEquals("option -p needs a value", message("-p"));
        assertEquals("option +tcp=1 takes no value", message("+tcp=1"));
        assertEquals("invalid IP address for -x: example.test", message("-x", "example.test"));
        assertEquals("not a number: +time=x", message("+time=x"));
    }

    private static String message(String... args) {
        return assertThrows(DigUsageException.class, () -> DigArgumentParser.parse(List.of(args))).getMessage();
    }
}
