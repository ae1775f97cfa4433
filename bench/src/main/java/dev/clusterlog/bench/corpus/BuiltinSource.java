package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthetic lines for when neither the shared datasets nor a user directory is there: a web
 * server, an application server and a key-value store, each a handful of templates whose fields
 * ({@code %i} number, {@code %h} hex id, {@code %a} address, {@code %p} path, {@code %u} user,
 * {@code %l} level) are drawn per line.
 */
final class BuiltinSource implements LineSource {
    private static final String[][] APPS = {
        {"web",
            "%a - %u [request] \"GET %p HTTP/1.1\" 200 %i \"-\" \"Mozilla/5.0\" rt=0.%i",
            "%a - - [request] \"POST %p HTTP/1.1\" 201 %i \"-\" \"curl/8.5.0\" rt=0.%i",
            "%a - %u [request] \"GET %p HTTP/1.1\" 404 %i \"-\" \"kube-probe/1.31\" rt=0.00%i"},
        {"api",
            "%l [http-nio-8080-exec-%i] c.e.orders.OrderService - order %h created for user %u in %i ms",
            "%l [http-nio-8080-exec-%i] c.e.orders.PaymentClient - payment %h status=AUTHORIZED amount=%i.%i",
            "%l [scheduler-%i] c.e.orders.Reaper - expired %i sessions, next run in %i s",
            "%l [http-nio-8080-exec-%i] c.e.orders.OrderController - request_id=%h path=%p took %i ms"},
        {"kv",
            "%i:M %l * Background saving started by pid %i",
            "%i:M %l * DB saved on disk, %i keys in %i ms",
            "%i:M %l * Accepted %a:%i client id=%h",
            "%i:S %l # Connection with master lost, reconnecting to %a:%i"},
    };
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace"};
    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/users/profile", "/healthz", "/metrics",
        "/static/app.js", "/api/v1/cart/items", "/login"};

    private final String name;
    private final String[] templates;

    private BuiltinSource(String name, String[] templates) {
        this.name = name;
        this.templates = templates;
    }

    static LineSource[] all() {
        LineSource[] all = new LineSource[APPS.length];
        for (int i = 0; i < APPS.length; i++) {
            all[i] = new BuiltinSource(APPS[i][0], Arrays.copyOfRange(APPS[i], 1, APPS[i].length));
        }
        return all;
    }

    @Override
    public int distinctEvents() {
        return 1000;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void appendEvent(SplittableRandom random, ByteWriter out) {
        String t = templates[random.nextInt(templates.length)];
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '%' || i + 1 == t.length()) {
                out.writeByte((byte) c);
                continue;
            }
            switch (t.charAt(++i)) {
                case 'i' -> AsciiDigits.writeDecimal(out, random.nextInt(100_000));
                case 'h' -> AsciiDigits.writeHex(out, random.nextLong(), 16);
                case 'a' -> out.writeAscii("10." + random.nextInt(256) + "." + random.nextInt(256) + "."
                        + random.nextInt(256));
                case 'p' -> out.writeAscii(PATHS[random.nextInt(PATHS.length)]);
                case 'u' -> out.writeAscii(USERS[random.nextInt(USERS.length)]);
                case 'l' -> out.writeAscii(LEVELS[random.nextInt(LEVELS.length)]);
                default -> out.writeByte((byte) t.charAt(i));
            }
        }
        out.writeByte((byte) '\n');
    }
}
