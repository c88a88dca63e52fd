package dev.jdns.authoritative.tsig;

/**
 * Splits key-file text into words, quoted strings and the punctuation {@code { } ;}, skipping white space and
 * comments, and counting lines for messages.
 */
final class KeyFileTokens {

    /** One token; {@code quoted} tells a string from a bare word, {@code punctuation} is 0 for neither. */
    record Token(String text, boolean quoted, char punctuation, int line) {
        boolean isWord(String word) {
            return !quoted && punctuation == 0 && text.equalsIgnoreCase(word);
        }

        boolean isValue() {
            return punctuation == 0;
        }

        boolean isPunctuation(char mark) {
            return punctuation == mark;
        }

        @Override
        public String toString() {
            return punctuation != 0 ? "'" + punctuation + "'" : quoted ? "\"" + text + "\"" : "'" + text + "'";
        }
    }

    /** Text no token can be made of: an unclosed string or comment. */
    static final class BadToken extends Exception {
        private final int line;

        BadToken(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final String text;
    private int position;
    private int line = 1;

    KeyFileTokens(String text) {
        this.text = text;
    }

    int line() {
        return line;
    }

    /** The next token, or null at the end of the text. */
    Token next() throws BadToken {
        skipBlanksAndComments();
        if (position >= text.length()) {
            return null;
        }
        char c = text.charAt(position);
        if (c == '{' || c == '}' || c == ';') {
            position++;
            return new Token(String.valueOf(c), false, c, line);
        }
        return c == '"' ? quoted() : word();
    }

    private Token quoted() throws BadToken {
        int start = ++position;
        int startLine = line;
        int end = text.indexOf('"', start);
        if (end < 0) {
            throw new BadToken(startLine, "unclosed quoted string");
        }
        String value = text.substring(start, end);
        line += (int) value.chars().filter(ch -> ch == '\n').count();
        position = end + 1;
        return new Token(value, true, (char) 0, startLine);
    }

    private Token word() {
        int start = position;
        while (position < text.length() && !endsWord(text.charAt(position))) {
            position++;
        }
        return new Token(text.substring(start, position), false, (char) 0, line);
    }

    private static boolean endsWord(char c) {
        return Character.isWhitespace(c) || c == '{' || c == '}' || c == ';' || c == '"' || c == '#';
    }

    private void skipBlanksAndComments() throws BadToken {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                line++;
                position++;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '#' || text.startsWith("//", position)) {
                skipToEndOfLine();
            } else if (text.startsWith("/*", position)) {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private void skipToEndOfLine() {
        int end = text.indexOf('\n', position);
        position = end < 0 ? text.length() : end;
    }

    private void skipBlockComment() throws BadToken {
        int end = text.indexOf("*/", position + 2);
        if (end < 0) {
            throw new BadToken(line, "unclosed /* comment");
        }
        line += (int) text.substring(position, end).chars().filter(ch -> ch == '\n').count();
        position = end + 2;
    }
}
