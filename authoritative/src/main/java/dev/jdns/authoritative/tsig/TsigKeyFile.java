package dev.jdns.authoritative.tsig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads key files in the form {@code tsig-keygen} (BIND) writes, which NSD's and Knot's tools can also produce:
 *
 * <pre>
 * key "name" {
 *     algorithm hmac-sha256;
 *     secret "Base64...";
 * };
 * </pre>
 *
 * Any number of {@code key} blocks; {@code #}, {@code //} and {@code /* *\/} comments; the name quoted or not.
 * Anything else is an error naming the file and line, because a key silently skipped would turn into refused
 * transfers far from the cause.
 */
public final class TsigKeyFile {

    private final String source;
    private final KeyFileTokens tokens;

    private TsigKeyFile(String source, String text) {
        this.source = source;
        this.tokens = new KeyFileTokens(text);
    }

    /** The keys in {@code file}; an unreadable file or a grammar error is an IOException saying where. */
    public static List<TsigKey> read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @param source what to call the text in messages (the file name)
     * @throws TsigKeyFileException as {@code source:line: reason}
     */
    public static List<TsigKey> parse(String source, String text) throws TsigKeyFileException {
        return new TsigKeyFile(source, text).keys();
    }

    private List<TsigKey> keys() throws TsigKeyFileException {
        List<TsigKey> keys = new ArrayList<>();
        try {
            for (KeyFileTokens.Token token = tokens.next(); token != null; token = tokens.next()) {
                if (!token.isWord("key")) {
                    throw error(token.line(), "expected 'key', found " + token);
                }
                keys.add(keyBlock(token.line()));
            }
        } catch (KeyFileTokens.BadToken bad) {
            throw error(bad.line(), bad.getMessage());
        }
        if (keys.isEmpty()) {
            throw error(1, "no key in the file");
        }
        return keys;
    }

    /** After {@code key}: NAME { algorithm ALG; secret "B64"; }; */
    private TsigKey keyBlock(int line) throws TsigKeyFileException, KeyFileTokens.BadToken {
        String name = expectValue("a key name");
        expectPunctuation('{');
        String algorithm = null;
        String secret = null;
        for (KeyFileTokens.Token token = required("'}'"); !token.isPunctuation('}'); token = required("'}'")) {
            if (token.isWord("algorithm") && algorithm == null) {
                algorithm = expectValue("an algorithm");
            } else if (token.isWord("secret") && secret == null) {
                secret = expectValue("a secret");
            } else {
                throw error(token.line(), "unexpected " + token + " in key " + name);
            }
            expectPunctuation(';');
        }
        expectPunctuation(';');
        if (algorithm == null || secret == null) {
            throw error(line, "key " + name + " needs both 'algorithm' and 'secret'");
        }
        try {
            return TsigKey.of(name, algorithm, secret);
        } catch (IllegalArgumentException e) {
            throw error(line, e.getMessage());
        }
    }

    private KeyFileTokens.Token required(String what) throws TsigKeyFileException, KeyFileTokens.BadToken {
        KeyFileTokens.Token token = tokens.next();
        if (token == null) {
            throw error(tokens.line(), "expected " + what + ", found the end of the file");
        }
        return token;
    }

    private String expectValue(String what) throws TsigKeyFileException, KeyFileTokens.BadToken {
        KeyFileTokens.Token token = required(what);
        if (!token.isValue()) {
            throw error(token.line(), "expected " + what + ", found " + token);
        }
        return token.text();
    }

    private void expectPunctuation(char mark) throws TsigKeyFileException, KeyFileTokens.BadToken {
        KeyFileTokens.Token token = required("'" + mark + "'");
        if (!token.isPunctuation(mark)) {
            throw error(token.line(), "expected '" + mark + "', found " + token);
        }
    }

    private TsigKeyFileException error(int line, String reason) {
        return new TsigKeyFileException(source + ":" + line + ": " + reason);
    }
}
