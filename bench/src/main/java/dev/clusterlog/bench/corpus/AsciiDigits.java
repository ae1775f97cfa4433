package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.nio.charset.StandardCharsets;

/** Numbers as ASCII digits appended to the event being generated, without a String for the hex form. */
final class AsciiDigits {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private AsciiDigits() {
    }

    static void writeDecimal(ByteWriter out, long v) {
        out.writeAscii(Long.toString(v));
    }

    /** The low {@code digits} hex digits of {@code v}, most significant first, zero-padded. */
    static void writeHex(ByteWriter out, long v, int digits) {
        out.ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            out.writeByte(HEX[(int) (v >>> (i * 4)) & 0xf]);
        }
    }
}
