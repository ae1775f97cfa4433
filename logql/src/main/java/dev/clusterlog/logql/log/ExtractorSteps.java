package dev.clusterlog.logql.log;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.clusterlog.logql.syntax.PatternSyntax;
import dev.clusterlog.logql.syntax.Regexes;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/** The regexp, pattern and unpack parsers. */
final class ExtractorSteps {
    private ExtractorSteps() {
    }

    /** {@code | regexp "(?P<name>...)"}: named groups of the first match become labels. */
    static Step regexp(String re) {
        Regexes.Compiled c = Regexes.compile(re, false);
        Set<String> seen = new HashSet<>();
        List<String> names = c.names();
        return e -> {
            if (e.hasError()) {
                return true;
            }
            seen.clear();
            Matcher m = c.pattern().matcher(e.line());
            if (m.find()) {
                for (int i = 0; i < names.size(); i++) {
                    String v = m.group("g" + i);
                    if (v != null) {
                        e.addParsed(names.get(i), v, seen);
                    }
                }
            }
            return true;
        };
    }

    /** {@code | pattern "<ip> - <_> ..."}. */
    static Step pattern(String pattern) {
        PatternMatcher pm = new PatternMatcher(PatternSyntax.parse(pattern, true));
        Set<String> seen = new HashSet<>();
        return e -> {
            if (e.hasError()) {
                return true;
            }
            seen.clear();
            pm.match(e.line(), (k, v) -> e.addParsed(k, v, seen));
            return true;
        };
    }

    /** {@code | unpack}: string fields of a JSON object become labels; {@code _entry} becomes the line. */
    static Step unpack() {
        Set<String> seen = new HashSet<>();
        return e -> {
            if (e.hasError()) {
                return true;
            }
            seen.clear();
            String entry = null;
            try (JsonParser p = JsonStep.FACTORY.createParser(e.buf, e.off, e.len)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("Value looks like object, but can't find closing '}' symbol");
                }
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (v == JsonToken.VALUE_STRING) {
                        if (key.equals("_entry")) {
                            entry = p.getText();
                        } else {
                            e.addParsed(key, p.getText(), seen);
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new IOException("unexpected end of JSON object");
                }
            } catch (IOException ex) {
                e.setError("JSONParserErr", JsonStep.firstLine(ex.getMessage()));
                return true;
            }
            if (entry != null) {
                e.setLine(entry);
            }
            return true;
        };
    }
}
