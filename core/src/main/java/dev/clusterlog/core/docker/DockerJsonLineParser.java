package dev.clusterlog.core.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.clusterlog.core.entry.LogStream;
import dev.clusterlog.core.text.GoStrings;
import dev.clusterlog.core.format.LogFormat;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.format.LogLineParser;
import dev.clusterlog.core.format.LogRecord;
import dev.clusterlog.core.time.Rfc3339;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses a Docker json-file line {@code {"log":"...","stream":"stdout","time":"..."}}.
 *
 * <p>Content is the {@code log} field verbatim (kubelet keeps its {@code \n}); a record whose
 * {@code log} does not end with {@code \n} is partial (moby's json-file writer omits the newline
 * on all but the last piece of a message split at 16 KiB). {@code log}, {@code stream} and
 * {@code time} are required and must be strings, {@code stream} stdout or stderr; other fields
 * ({@code attrs}) are skipped. Not thread-safe: decodes into a scratch buffer that the record
 * points at.
 */
public final class DockerJsonLineParser implements LogLineParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Rfc3339.Parsed time = new Rfc3339.Parsed();
    private byte[] content = new byte[256];

    @Override
    public void parse(byte[] buf, int off, int len, LogRecord into) throws LogFormatException {
        int contentLength = -1;
        LogStream stream = null;
        boolean haveTime = false;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new LogFormatException("expected a JSON object like {\"log\":\"...\",\"stream\":\"stdout\",\"time\":\"...\"}");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "log" -> {
                        requireString(v, name);
                        contentLength = decodeUtf8(p);
                    }
                    case "stream" -> {
                        requireString(v, name);
                        String s = p.getText();
                        stream = LogStream.fromWireName(s);
                        if (stream == null) {
                            throw new LogFormatException("unexpected stream type " + GoStrings.quote(s) + ": expected stdout or stderr");
                        }
                    }
                    case "time" -> {
                        requireString(v, name);
                        String s = p.getText();
                        byte[] tb = s.getBytes(StandardCharsets.UTF_8);
                        String error = Rfc3339.parse(tb, 0, tb.length, time);
                        if (error != null) {
                            throw new LogFormatException("field \"time\": unexpected timestamp format " + GoStrings.quote(s)
                                    + ": expected " + error);
                        }
                        haveTime = true;
                    }
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new LogFormatException("expected a JSON object that ends with }");
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new LogFormatException("unexpected data after the JSON object");
            }
        } catch (IOException e) {
            throw new LogFormatException("invalid JSON: " + firstLine(e.getMessage()));
        }
        if (contentLength < 0) {
            throw new LogFormatException("field \"log\" is missing");
        }
        if (stream == null) {
            throw new LogFormatException("field \"stream\" is missing");
        }
        if (!haveTime) {
            throw new LogFormatException("field \"time\" is missing");
        }
        into.format = LogFormat.DOCKER_JSON;
        into.epochNanos = time.epochNanos;
        into.offsetSeconds = time.offsetSeconds;
        into.stream = stream;
        into.partial = contentLength == 0 || content[contentLength - 1] != '\n';
        into.buf = content;
        into.contentOffset = 0;
        into.contentLength = contentLength;
    }

    private static void requireString(JsonToken v, String name) throws LogFormatException {
        if (v != JsonToken.VALUE_STRING) {
            throw new LogFormatException("field \"" + name + "\": expected a string, found " + v);
        }
    }

    /** Decodes the current string value to UTF-8 bytes in the scratch buffer. */
    private int decodeUtf8(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        if (content.length < len * 3) {
            content = new byte[Math.max(len * 3, content.length * 2)];
        }
        int n = 0;
        for (int i = off; i < off + len; i++) {
            char c = chars[i];
            if (c < 0x80) {
                content[n++] = (byte) c;
            } else if (c < 0x800) {
                content[n++] = (byte) (0xc0 | (c >> 6));
                content[n++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < off + len && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                content[n++] = (byte) (0xf0 | (cp >> 18));
                content[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                content[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                content[n++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                // lone surrogates become U+FFFD, as Go's encoder writes them
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                content[n++] = (byte) (0xe0 | (c >> 12));
                content[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                content[n++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return n;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
