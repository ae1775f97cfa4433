package dev.clusterlog.agent.source.journald;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One journal entry as {@code journalctl -o json} prints it (PROTOCOLS.md §4.2), reduced to what the
 * agent ships: a field's value is a string, an array of byte numbers (binary or non-UTF-8 data),
 * {@code null} (larger than journalctl's threshold) or, for a field set more than once, an array of
 * such values (the first one is kept). Mutable and reused: {@link #parse} overwrites every field.
 * Not thread-safe.
 */
public final class JournalEntry {
    private static final JsonFactory JSON = new JsonFactory();

    /** {@code __CURSOR}: where journalctl continues with {@code --after-cursor}. */
    public String cursor;
    /** {@code __REALTIME_TIMESTAMP}: µs since the epoch; -1 when absent. */
    public long realtimeMicros;
    /** {@code __SEQNUM}, else the cursor's {@code i=} (hex); -1 when neither is there. */
    public long seqnum;
    /** {@code __SEQNUM_ID}, else the cursor's {@code s=}; null when neither is there. */
    public String seqnumId;
    /** {@code MESSAGE} bytes (binary kept as is); empty when absent. */
    public byte[] message = new byte[0];
    /** True when journalctl left {@code MESSAGE} out as too large ({@code null}). */
    public boolean messageTooLarge;
    public String unit;
    public String priority;
    public String identifier;
    public String pid;
    public String hostname;
    public String bootId;
    public String machineId;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

    private void reset() {
        cursor = null;
        realtimeMicros = -1;
        seqnum = -1;
        seqnumId = null;
        message = new byte[0];
        messageTooLarge = false;
        unit = null;
        priority = null;
        identifier = null;
        pid = null;
        hostname = null;
        bootId = null;
        machineId = null;
    }

    /**
     * Reads one JSON line into this entry.
     *
     * @throws IOException when the line is not a JSON object in journalctl's shape (the message
     *     names what was expected)
     */
    public void parse(byte[] buf, int off, int len) throws IOException {
        reset();
        String seqnumField = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object per line");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "MESSAGE" -> {
                        if (t == JsonToken.VALUE_NULL) {
                            messageTooLarge = true;
                        } else {
                            message = valueBytes(p, t);
                        }
                    }
                    case "__CURSOR" -> cursor = text(p, t);
                    case "__REALTIME_TIMESTAMP" -> realtimeMicros = number(text(p, t), name);
                    case "__SEQNUM" -> seqnumField = text(p, t);
                    case "__SEQNUM_ID" -> seqnumId = text(p, t);
                    case "_SYSTEMD_UNIT" -> unit = text(p, t);
                    case "PRIORITY" -> priority = text(p, t);
                    case "SYSLOG_IDENTIFIER" -> identifier = text(p, t);
                    case "_PID" -> pid = text(p, t);
                    case "_HOSTNAME" -> hostname = text(p, t);
                    case "_BOOT_ID" -> bootId = text(p, t);
                    case "_MACHINE_ID" -> machineId = text(p, t);
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not journalctl JSON: " + e.getOriginalMessage());
        }
        if (cursor == null) {
            throw new IOException("entry without __CURSOR");
        }
        seqnum = seqnumField != null ? number(seqnumField, "__SEQNUM") : cursorPart('i', 16);
        if (seqnumId == null) {
            seqnumId = cursorText('s');
        }
    }

    /** A string, the UTF-8 text of a byte array, the first of repeated values, or null. */
    private String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.START_ARRAY) {
            return new String(valueBytes(p, t), StandardCharsets.UTF_8);
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** The bytes of a string, a byte-number array, or the first of repeated values. */
    private byte[] valueBytes(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (t != JsonToken.START_ARRAY) {
            if (t.isStructStart()) {
                p.skipChildren();
                return new byte[0];
            }
            return t == JsonToken.VALUE_NULL ? new byte[0] : p.getText().getBytes(StandardCharsets.UTF_8);
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            return new byte[0];
        }
        if (first == JsonToken.VALUE_NUMBER_INT) {
            bytes.reset();
            for (JsonToken e = first; e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e != JsonToken.VALUE_NUMBER_INT) {
                    throw new IOException("byte array with a " + e + " in it, expected numbers 0..255");
                }
                bytes.write(p.getIntValue());
            }
            return bytes.toByteArray();
        }
        // repeated field: keep the first value, skip the rest
        byte[] value = valueBytes(p, first);
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            p.skipChildren();
        }
        return value;
    }

    private static long number(String s, String field) throws IOException {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(field + " \"" + s + "\" is not a decimal number");
        }
    }

    private String cursorText(char key) {
        int at = cursor.startsWith(key + "=") ? 0 : cursor.indexOf(";" + key + "=");
        if (at < 0) {
            return null;
        }
        int start = at + (at == 0 ? 2 : 3);
        int end = cursor.indexOf(';', start);
        return cursor.substring(start, end < 0 ? cursor.length() : end);
    }

    private long cursorPart(char key, int radix) {
        String v = cursorText(key);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(v, radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The syslog name of a PRIORITY (0 emerg .. 7 debug), or null. */
    public static String levelName(String priority) {
        if (priority == null || priority.length() != 1) {
            return null;
        }
        return switch (priority.charAt(0)) {
            case '0' -> "emerg";
            case '1' -> "alert";
            case '2' -> "crit";
            case '3' -> "error";
            case '4' -> "warning";
            case '5' -> "notice";
            case '6' -> "info";
            case '7' -> "debug";
            default -> null;
        };
    }
}
