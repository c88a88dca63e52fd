package dev.jdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdns.resolver.cache.CacheSizes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {

    private final ByteSizeConverter sizes = new ByteSizeConverter();

    @Test
    void suffixesAreBinary() {
        assertEquals(64L << 20, sizes.convert("64m"));
        assertEquals(512L << 10, sizes.convert("512K"));
        assertEquals(1L << 30, sizes.convert("1g"));
        assertEquals(1_000_000L, sizes.convert("1000000"));
    }

    @Test
    void theDefaultCacheSizeTextIsTheDefaultBudget() {
        assertEquals(CacheSizes.DEFAULT_BYTES, sizes.convert(CacheSizes.DEFAULT_TEXT));
    }

    @Test
    void whatIsNotASizeIsRefused() {
        for (String bad : new String[] {"", "m", "64mb", "-1m", "0", "1.5g", "99999999999g"}) {
            assertThrows(TypeConversionException.class, () -> sizes.convert(bad), bad);
        }
    }
}
