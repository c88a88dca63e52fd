package dev.jdns.cli.dig;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * One record in dig's column layout: BIND's master-file style with the TTL at column 24, the class at 32, the type
 * at 40 and the data at 48, reached with tabs (8 wide), or one space when a field already ran past its column.
 * This is BIND's {@code indent()} rule, so long names line up exactly as dig prints them.
 */
final class RecordLayout {

    private static final int TAB_WIDTH = 8;
    private static final int TTL_COLUMN = 24;
    private static final int CLASS_COLUMN = 32;
    private static final int TYPE_COLUMN = 40;
    private static final int RDATA_COLUMN = 48;

    private RecordLayout() {
    }

    /** {@code name TTL CLASS TYPE DATA}, as in the answer, authority and additional sections. */
    static String record(Record record) {
        Line line = new Line(record.getName().toString());
        line.field(TTL_COLUMN, Long.toString(record.getTTL()));
        line.field(CLASS_COLUMN, DClass.string(record.getDClass()));
        line.field(TYPE_COLUMN, Type.string(record.getType()));
        line.field(RDATA_COLUMN, RdataText.of(record));
        return line.toString();
    }

    /**
     * {@code ;name CLASS TYPE}, as in the question section: no TTL column, and the leading ';' is not counted,
     * because dig prints it before handing the line to BIND's formatter.
     */
    static String question(Record question) {
        Line line = new Line(question.getName().toString());
        line.field(CLASS_COLUMN, DClass.string(question.getDClass()));
        line.field(TYPE_COLUMN, Type.string(question.getType()));
        return ";" + line;
    }

    /** A line being laid out, with the column its end has reached. */
    private static final class Line {
        private final StringBuilder text = new StringBuilder();
        private int column;

        Line(String first) {
            append(first);
        }

        void field(int targetColumn, String value) {
            int to = Math.max(targetColumn, column + 1); // at least one separator, even past the column
            int tabs = to / TAB_WIDTH - column / TAB_WIDTH;
            if (tabs > 0) {
                text.append("\t".repeat(tabs));
                column = to / TAB_WIDTH * TAB_WIDTH;
            }
            text.append(" ".repeat(to - column));
            column = to;
            append(value);
        }

        private void append(String value) {
            text.append(value);
            column += value.length();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
