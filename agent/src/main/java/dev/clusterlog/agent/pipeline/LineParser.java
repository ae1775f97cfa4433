package dev.clusterlog.agent.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.clusterlog.core.format.LogFormatException;
import dev.clusterlog.core.klog.KlogHeaderParser;
import dev.clusterlog.core.klog.KlogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optional parsing of a line's content into structured metadata (name, value pairs): {@code json}
 * (top-level fields; nested values as their JSON text), {@code logfmt}, {@code klog} (severity,
 * source file:line, thread), {@code regex} (named groups). A line that does not parse gets
 * {@code parse_error} metadata and is kept.
 */
public final class LineParser {
    public enum Kind { NONE, JSON, LOGFMT, KLOG, REGEX }

    private static final JsonFactory JSON = new JsonFactory();
    private final Kind kind;
    private final Pattern regex;
    private final List<String> groups;
    private final KlogHeaderParser klog = new KlogHeaderParser();
    private final KlogRecord klogRecord = new KlogRecord();

    public LineParser(Kind kind, String regex) {
        this.kind = kind;
        this.regex = regex == null ? null : Pattern.compile(regex);
        this.groups = new ArrayList<>();
        if (regex != null) {
            Matcher m = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
            while (m.find()) {
                groups.add(m.group(1));
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    /** Parses into name/value pairs appended to {@code out}; returns false (with a parse_error pair) when it does not parse. */
    public boolean parse(byte[] buf, int off, int len, List<String> out) {
        switch (kind) {
            case NONE:
                return true;
            case JSON:
                return json(buf, off, len, out);
            case LOGFMT:
                return logfmt(new String(buf, off, len, StandardCharsets.UTF_8), out);
            case KLOG:
                try {
                    klog.parse(buf, off, len, klogRecord);
                    out.add("severity");
                    out.add(klogRecord.severity.name().toLowerCase(java.util.Locale.ROOT));
                    out.add("source");
                    out.add(klogRecord.sourceFile() + ":" + klogRecord.sourceLine);
                    out.add("thread");
                    out.add(Long.toString(klogRecord.threadId));
                    return true;
                } catch (LogFormatException e) {
                    return error(out, "klog: " + e.getMessage());
                }
            case REGEX:
                Matcher m = regex.matcher(new String(buf, off, len, StandardCharsets.UTF_8));
                if (!m.find()) {
                    return error(out, "regex: no match");
                }
                for (String g : groups) {
                    if (m.group(g) != null) {
                        out.add(g);
                        out.add(m.group(g));
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static boolean error(List<String> out, String why) {
        out.add("parse_error");
        out.add(why);
        return false;
    }

    private static boolean json(byte[] buf, int off, int len, List<String> out) {
        int mark = out.size();
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return error(out, "json: not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                String value;
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    value = new String(buf, off + start, end - start, StandardCharsets.UTF_8);
                } else if (t == JsonToken.VALUE_NULL) {
                    value = "";
                } else {
                    value = p.getText();
                }
                out.add(name);
                out.add(value);
            }
            return true;
        } catch (IOException e) {
            while (out.size() > mark) {
                out.removeLast();
            }
            String msg = String.valueOf(e.getMessage());
            return error(out, "json: " + msg.lines().findFirst().orElse(msg));
        }
    }

    /** logfmt: {@code key=value key="quoted value" flag}. */
    static boolean logfmt(String s, List<String> out) {
        int i = 0;
        int n = s.length();
        boolean any = false;
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            int ks = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ' ') {
                i++;
            }
            if (i == ks) {
                if (i < n) {
                    i++;
                }
                continue;
            }
            String key = s.substring(ks, i);
            String value = "";
            if (i < n && s.charAt(i) == '=') {
                i++;
                if (i < n && s.charAt(i) == '"') {
                    StringBuilder v = new StringBuilder();
                    i++;
                    while (i < n && s.charAt(i) != '"') {
                        if (s.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        v.append(s.charAt(i++));
                    }
                    i++;
                    value = v.toString();
                } else {
                    int vs = i;
                    while (i < n && s.charAt(i) != ' ') {
                        i++;
                    }
                    value = s.substring(vs, i);
                }
            }
            out.add(key);
            out.add(value);
            any = true;
        }
        return any || error(out, "logfmt: no key=value pair");
    }
}
