package dev.jdns.authoritative.tsig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The key-file grammar tsig-keygen writes, and what a broken file says. */
class TsigKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatTsigKeygenWrites() throws Exception {
        Path file = dir.resolve("xfr.key");
        Process keygen;
        try {
            keygen = new ProcessBuilder("tsig-keygen", "-a", "hmac-sha512", "xfr-key")
                    .redirectOutput(file.toFile()).start();
        } catch (IOException notInstalled) {
            org.junit.jupiter.api.Assumptions.abort("tsig-keygen (bind9-utils) is not installed");
            return;
        }
        assertEquals(0, keygen.waitFor());
        List<TsigKey> keys = TsigKeyFile.read(file);
        assertEquals(1, keys.size());
        assertEquals(Name.fromString("xfr-key."), keys.getFirst().name());
        assertEquals(TSIG.HMAC_SHA512, keys.getFirst().algorithm());
        assertEquals(64, keys.getFirst().secret().length);
    }

    @Test
    void readsSeveralKeysAndEveryKindOfComment() throws Exception {
        String text = """
                # a comment
                key "one" { algorithm hmac-sha256; secret "AAECAw=="; };
                // another
                /* and a
                   block */ key two {
                    secret "BAUG";  algorithm HMAC-SHA1;
                };
                """;
        List<TsigKey> keys = TsigKeyFile.parse("k", text);
        assertEquals(2, keys.size());
        assertArrayEquals(new byte[] {0, 1, 2, 3}, keys.get(0).secret());
        assertEquals(Name.fromString("two."), keys.get(1).name());
        assertEquals(TSIG.HMAC_SHA1, keys.get(1).algorithm());
        assertArrayEquals(Base64.getDecoder().decode("BAUG"), keys.get(1).secret());
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("key \"a\" { algorithm hmac-md5; secret \"AAAA\"; };", 1, "unsupported TSIG algorithm"),
                Arguments.of("key \"a\" {\n algorithm hmac-sha256;\n};", 1, "needs both"),
                Arguments.of("key \"a\" {\n algorithm hmac-sha256;\n secret \"AAAA\"\n};", 4, "expected ';'"),
                Arguments.of("key \"a\" { algorithm hmac-sha256; secret \"!!\"; };", 1, "not Base64"),
                Arguments.of("\n\nkey \"a\" { algorithm hmac-sha256; secret \"AAAA; };", 3, "unclosed quoted string"),
                Arguments.of("options { };", 1, "expected 'key'"),
                Arguments.of("# nothing", 1, "no key"),
                Arguments.of("key \"a\" { algorithm hmac-sha256; secret \"AAAA\"; owner x; };", 1,
                        "unexpected 'owner'"));
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void brokenFilesSayWhereAndWhy(String text, int line, String reason) {
        TsigKeyFileException e = assertThrows(TsigKeyFileException.class,
                () -> TsigKeyFile.parse("bad.key", text));
        assertEquals(true, e.getMessage().startsWith("bad.key:" + line + ": "), e.getMessage());
        assertEquals(true, e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void flagFormIsNameAlgorithmSecret() throws Exception {
        TsigKey key = TsigKey.parse("k1:hmac-sha256:AAECAw==");
        assertEquals(Name.fromString("k1."), key.name());
        assertThrows(IllegalArgumentException.class, () -> TsigKey.parse("k1:hmac-sha256"));
        assertThrows(IllegalArgumentException.class, () -> TsigKey.parse("k1:hmac-sha3:AAAA"));
    }

    @Test
    void aKeyFileThatCannotBeReadIsAnIOException() {
        assertThrows(IOException.class, () -> TsigKeyFile.read(dir.resolve("absent.key")));
        assertThrows(IOException.class, () -> TsigKeyFile.read(Files.createDirectories(dir.resolve("d"))));
    }
}
