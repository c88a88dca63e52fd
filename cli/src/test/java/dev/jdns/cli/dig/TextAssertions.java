package dev.jdns.cli.dig;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on command output, shared by the dig tests. */
final class TextAssertions {

    private TextAssertions() {}

    /** Each piece appears, after the previous one. */
    static void assertInOrder(String text, String... pieces) {
        int from = 0;
        for (String piece : pieces) {
            int at = text.indexOf(piece, from);
            assertTrue(at >= 0, "missing, or out of order: '" + piece + "' in:\n" + text);
            from = at + piece.length();
        }
    }
}
