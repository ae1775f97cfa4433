package dev.clusterlog.server.http;

import io.javalin.http.Context;

/**
 * The tenant of a request: {@code X-Scope-OrgID} as Loki reads it, else the server's default.
 * Tenant IDs follow Loki's rules (at most 150 characters of {@code [a-zA-Z0-9!-_.*'()]}, not
 * {@code .} or {@code ..}), because the tenant names a folder of the store.
 */
public final class Tenants {
    public static final String HEADER = "X-Scope-OrgID";
    private static final int MAX_LENGTH = 150;

    private final String defaultTenant;

    public Tenants(String defaultTenant) {
        this.defaultTenant = defaultTenant;
    }

    public String of(Context ctx) {
        return of(ctx.header(HEADER));
    }

    /** The tenant named by an {@code X-Scope-OrgID} value (null or empty: the default tenant). */
    public String of(String t) {
        if (t == null || t.isEmpty()) {
            return defaultTenant;
        }
        if (t.contains("|")) {
            throw ApiErrors.HttpError.badRequest("multiple tenants (" + t + ") are not supported", HEADER);
        }
        validate(t);
        return t;
    }

    static void validate(String t) {
        if (t.length() > MAX_LENGTH) {
            throw ApiErrors.HttpError.badRequest("tenant ID is too long: max " + MAX_LENGTH + " characters", HEADER);
        }
        if (t.equals(".") || t.equals("..")) {
            throw ApiErrors.HttpError.badRequest("tenant ID is '.' or '..'", HEADER);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!-_.*'()".indexOf(c) >= 0;
            if (!ok) {
                throw ApiErrors.HttpError.badRequest("tenant ID '" + t + "' contains unsupported character '" + c
                        + "': expected letters, digits and !-_.*'()", HEADER);
            }
        }
    }
}
