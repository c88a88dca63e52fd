package dev.jdns.cli.dig;

import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers, booleans and null as JSON text (RFC 8259), pretty-printed two spaces deep
 * or on one line.
 * The CLI has no JSON library (the dependencies are fixed) and only ever writes JSON, never reads it.
 */
public final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text, "");
        return text.toString();
    }

    /** {@code value} on one line, no spaces (JSON Lines: one object per line, as a query log writes them). */
    public static String line(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text, null);
        return text.toString();
    }

    private static void write(Object value, StringBuilder text, String indent) {
        switch (value) {
            case null -> text.append("null");
            case String string -> quote(string, text);
            case Number number -> text.append(number);
            case Boolean bool -> text.append(bool);
            case Map<?, ?> map -> object(map, text, indent);
            case List<?> list -> array(list, text, indent);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder text, String indent) {
        if (map.isEmpty()) {
            text.append("{}");
            return;
        }
        if (indent == null) {
            text.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                quote(String.valueOf(entry.getKey()), text);
                text.append(':');
                write(entry.getValue(), text, null);
                text.append(++i < map.size() ? "," : "}");
            }
            return;
        }
        String inner = indent + "  ";
        text.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            text.append(inner);
            quote(String.valueOf(entry.getKey()), text);
            text.append(": ");
            write(entry.getValue(), text, inner);
            text.append(++i < map.size() ? ",\n" : "\n");
        }
        text.append(indent).append('}');
    }

    private static void array(List<?> list, StringBuilder text, String indent) {
        if (list.isEmpty()) {
            text.append("[]");
            return;
        }
        if (indent == null) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                write(list.get(i), text, null);
                text.append(i + 1 < list.size() ? "," : "]");
            }
            return;
        }
        String inner = indent + "  ";
        text.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            text.append(inner);
            write(list.get(i), text, inner);
            text.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        text.append(indent).append(']');
    }

    /** RFC 8259 §7: quote, backslash and control characters are escaped. */
    private static void quote(String string, StringBuilder text) {
        text.append('"');
        for (char c : string.toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
