package dev.jdns.transport.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SipHash-2-4 against the vectors of the SipHash paper (key 00..0f, messages 00, 01, ... of each length). */
class SipHashTest {

    private static final SipHash PAPER_KEY = SipHash.ofHex("000102030405060708090a0b0c0d0e0f");

    private static byte[] counting(int length) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) i;
        }
        return message;
    }

    @Test
    void paperAppendixAVectorOf15Octets() {
        // The worked example of the paper's appendix A: 15 octets 00..0e.
        assertEquals(0xa129ca6149be45e5L, PAPER_KEY.hash(counting(15)));
    }

    @Test
    void emptyMessageAndOneOctet() {
        // The reference implementation's vectors.h, entries 0 and 1, written out least significant octet first.
        assertEquals("310e0edd47db6f72", littleEndianHex(PAPER_KEY.hash(counting(0))));
        assertEquals("fd67dc93c539f874", littleEndianHex(PAPER_KEY.hash(counting(1))));
    }

    @Test
    void offsetAndLengthSelectTheMessage() {
        byte[] padded = new byte[20];
        System.arraycopy(counting(15), 0, padded, 3, 15);
        assertEquals(0xa129ca6149be45e5L, PAPER_KEY.hash(padded, 3, 15));
    }

    @Test
    void keysAreSixteenOctetsOfHex() {
        assertThrows(IllegalArgumentException.class, () -> SipHash.ofHex("0011"));
        assertThrows(IllegalArgumentException.class, () -> SipHash.ofHex("zz0102030405060708090a0b0c0d0e0f"));
    }

    private static String littleEndianHex(long hash) {
        byte[] out = new byte[8];
        SipHash.writeLittleEndian(hash, out, 0);
        return HexFormat.of().formatHex(out);
    }
}
