package dev.clusterlog.cli.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of the server's Kubernetes pod-log endpoint
 * ({@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}), as kubectl is of the API server's: the
 * response body is copied to the output as it streams, and a failure is reported with the
 * server's message the way kubectl prints it ({@code Error from server (NotFound): ...}).
 */
public final class ServerPodLogs {
    private static final Pattern CHOOSE_ONE = Pattern.compile(
            "a container name must be specified for pod .*, choose one of: \\[(.*)\\]");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]*)\"");

    private final String server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServerPodLogs(String serverUrl) {
        this.server = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    }

    /** The query parameters of one request, with the Kubernetes names. */
    public record Params(String container, String previous, boolean follow, long tailLines, long limitBytes,
            Long sinceSeconds, String sinceTime, boolean timestamps) {
        String query() {
            List<String> q = new ArrayList<>();
            add(q, "container", container);
            if (previous != null && !previous.equals("0") && !previous.equals("false")) {
                add(q, "previous", previous);
            }
            if (follow) {
                add(q, "follow", "true");
            }
            if (tailLines >= 0) {
                add(q, "tailLines", Long.toString(tailLines));
            }
            if (limitBytes > 0) {
                add(q, "limitBytes", Long.toString(limitBytes));
            }
            if (sinceSeconds != null) {
                add(q, "sinceSeconds", Long.toString(sinceSeconds));
            }
            add(q, "sinceTime", sinceTime);
            if (timestamps) {
                add(q, "timestamps", "true");
            }
            return q.isEmpty() ? "" : "?" + String.join("&", q);
        }

        public Params withContainer(String c) {
            return new Params(c, previous, follow, tailLines, limitBytes, sinceSeconds, sinceTime, timestamps);
        }

        private static void add(List<String> q, String name, String value) {
            if (value != null) {
                q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** The server's answer was not a log: kubectl's wording of it. */
    public static final class ServerError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String kubernetesMessage;

        ServerError(String reason, String message) {
            super("Error from server (" + reason + "): " + message, null, false, false);
            this.kubernetesMessage = message;
        }

        /** The Status message alone. */
        public String kubernetesMessage() {
            return kubernetesMessage;
        }
    }

    /**
     * The containers a pod has, when the server says a container must be chosen (several); null
     * when the pod has one container (the request without a container name would be answered).
     */
    public static List<String> containersToChooseFrom(ServerError e) {
        Matcher m = CHOOSE_ONE.matcher(e.kubernetesMessage());
        return m.matches() ? Arrays.asList(m.group(1).split(" ")) : null;
    }

    /** Streams one container's log to {@code out}, flushing as it arrives. */
    public void copy(String namespace, String pod, Params params, OutputStream out)
            throws IOException, InterruptedException, ServerError {
        URI uri = URI.create(server + "/api/v1/namespaces/" + enc(namespace) + "/pods/" + enc(pod) + "/log"
                + params.query());
        HttpResponse<InputStream> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the clusterlog server at " + server
                    + ": start it with `clusterlog server` or `clusterlog up`, or read a node's files with --node-root");
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                throw error(r.statusCode(), body);
            }
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
    }

    /**
     * The stream label sets of a namespace whose labels match a kubectl label selector
     * ({@code app=web,tier!=db}), from the server's {@code /loki/api/v1/series} over all time.
     */
    public List<Map<String, String>> series(String namespace, String labelSelector)
            throws IOException, InterruptedException, ServerError {
        StringBuilder sel = new StringBuilder("{namespace=\"").append(namespace.replace("\"", "\\\"")).append('"');
        for (String part : labelSelector.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int ne = p.indexOf("!=");
            int eq = p.indexOf('=');
            if (ne > 0) {
                sel.append(", ").append(p, 0, ne).append("!=\"").append(p.substring(ne + 2).trim()).append('"');
            } else if (eq > 0) {
                String v = p.substring(p.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
                sel.append(", ").append(p, 0, eq).append("=\"").append(v).append('"');
            } else if (p.startsWith("!")) {
                sel.append(", ").append(p.substring(1)).append("=\"\"");
            } else {
                sel.append(", ").append(p).append("=~\".+\"");
            }
        }
        sel.append('}');
        URI uri = URI.create(server + "/loki/api/v1/series?match[]=" + enc(sel.toString()) + "&start=0&end="
                + (System.currentTimeMillis() + 60_000) * 1_000_000L);
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach the clusterlog server at " + server
                    + ": start it with `clusterlog server` or `clusterlog up`, or read a node's files with --node-root");
        }
        if (r.statusCode() != 200) {
            throw error(r.statusCode(), r.body());
        }
        return SeriesJson.parse(r.body());
    }

    private static ServerError error(int status, String body) {
        Matcher m = MESSAGE.matcher(body);
        Matcher reason = REASON.matcher(body);
        String message = m.find() ? unescape(m.group(1)) : body.strip();
        String why = reason.find() ? reason.group(1) : switch (status) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            default -> "InternalError";
        };
        return new ServerError(why, message);
    }

    private static String unescape(String json) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
