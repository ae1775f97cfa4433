package dev.clusterlog.cli.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the {@code data} of Loki's {@code /series} answer: a list of label maps. */
final class SeriesJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SeriesJson() {
    }

    static List<Map<String, String>> parse(String body) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("data")) {
                    p.nextToken();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        Map<String, String> m = new TreeMap<>();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            m.put(k, p.getText());
                        }
                        out.add(m);
                    }
                    return out;
                }
            }
        }
        return out;
    }
}
