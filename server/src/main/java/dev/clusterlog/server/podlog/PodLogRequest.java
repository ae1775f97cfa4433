package dev.clusterlog.server.podlog;

import dev.clusterlog.core.time.Rfc3339;
import io.javalin.http.Context;

/**
 * The parameters of {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}, validated with the API
 * server's rules and texts ({@code ValidatePodLogOptions}).
 *
 * @param previous 0 for the current instance, 1 for the previous one ({@code previous=true}),
 *     N for N instances back (our extension: {@code previous=N})
 * @param tailLines -1 for all
 * @param limitBytes -1 for no limit
 * @param sinceNanos {@link Long#MIN_VALUE} for none
 * @param stream All, Stdout or Stderr
 */
public record PodLogRequest(String namespace, String pod, String container, int previous, boolean follow,
        long tailLines, long limitBytes, long sinceNanos, boolean timestamps, String stream) {

    static PodLogRequest parse(Context ctx, long nowNanos) {
        String container = emptyToNull(ctx.queryParam("container"));
        int previous = parsePrevious(ctx.queryParam("previous"));
        boolean follow = bool(ctx, "follow");
        boolean timestamps = bool(ctx, "timestamps");
        long tail = longParam(ctx, "tailLines", -1);
        if (ctx.queryParam("tailLines") != null && tail < 0) {
            throw invalid("tailLines: Invalid value: " + tail + ": must be greater than or equal to 0");
        }
        long limit = longParam(ctx, "limitBytes", -1);
        if (ctx.queryParam("limitBytes") != null && limit < 1) {
            throw invalid("limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        String sinceSeconds = ctx.queryParam("sinceSeconds");
        String sinceTime = ctx.queryParam("sinceTime");
        if (sinceSeconds != null && sinceTime != null) {
            throw invalid("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        long since = Long.MIN_VALUE;
        if (sinceSeconds != null) {
            long s = longParam(ctx, "sinceSeconds", 0);
            if (s < 1) {
                throw invalid("sinceSeconds: Invalid value: " + s + ": must be greater than 0");
            }
            since = nowNanos - s * 1_000_000_000L;
        }
        if (sinceTime != null) {
            try {
                since = Rfc3339.parseEpochNanos(sinceTime);
            } catch (IllegalArgumentException e) {
                throw invalid("sinceTime: Invalid value: \"" + sinceTime + "\": " + e.getMessage());
            }
        }
        String stream = ctx.queryParam("stream");
        if (stream == null || stream.isEmpty()) {
            stream = "All";
        }
        if (!stream.equals("All") && !stream.equals("Stdout") && !stream.equals("Stderr")) {
            throw invalid("stream: Unsupported value: \"" + stream + "\": supported values: \"All\", \"Stderr\", \"Stdout\"");
        }
        if (!stream.equals("All") && tail >= 0) {
            throw invalid("tailLines: Forbidden: `tailLines` and specific `stream` are mutually exclusive for now");
        }
        return new PodLogRequest(ctx.pathParam("namespace"), ctx.pathParam("pod"), container, previous, follow, tail,
                limit, since, timestamps, stream);
    }

    private static int parsePrevious(String v) {
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false") || v.equals("0")) {
            return 0;
        }
        if (v.equalsIgnoreCase("true")) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("previous: Invalid value: \"" + v + "\": expected true, false or a number of instances back");
    }

    private static boolean bool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        throw invalid(name + ": Invalid value: \"" + v + "\": expected true or false");
    }

    private static long longParam(Context ctx, String name, long absent) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(name + ": Invalid value: \"" + v + "\": expected an integer");
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static KubernetesStatus.Failure invalid(String message) {
        return new KubernetesStatus.Failure(400, "BadRequest", message);
    }
}
