package dev.jdns.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a size in bytes: digits with an optional binary suffix, {@code k}, {@code m} or {@code g} (64m). */
final class ByteSizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        String size = text.trim().toLowerCase(Locale.ROOT);
        int shift = switch (size.isEmpty() ? ' ' : size.charAt(size.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? size : size.substring(0, size.length() - 1);
        try {
            long value = Long.parseLong(digits);
            if (value <= 0 || value > Long.MAX_VALUE >> shift) {
                throw new TypeConversionException("size out of range: " + text);
            }
            return value << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a size (e.g. 64m, 512k, 1g): " + text);
        }
    }
}
