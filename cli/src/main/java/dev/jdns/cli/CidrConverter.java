package dev.jdns.cli;

import dev.jdns.transport.Cidr;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code ADDRESS[/PREFIX]} for access-list options. */
final class CidrConverter implements ITypeConverter<Cidr> {
    @Override
    public Cidr convert(String text) {
        try {
            return Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
