package dev.clusterlog.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Error answers: {@code {"error": "...", "detail": "..."}} with a 4xx/5xx status (DESIGN.md
 * contracts), the error naming what was wrong and the detail where (the field).
 */
public final class ApiErrors {
    private static final JsonFactory JSON = new JsonFactory();

    private ApiErrors() {
    }

    public static void send(Context ctx, int status, String error, String detail) {
        ctx.status(status).contentType("application/json").result(json(error, detail));
    }

    /** The error body as text. */
    public static String json(String error, String detail) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("error", error);
            if (detail != null) {
                g.writeStringField("detail", detail);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A request that is wrong: answered with its status and message, never logged as a server fault. */
    public static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String detail;

        public HttpError(int status, String message, String detail) {
            super(message, null, false, false);
            this.status = status;
            this.detail = detail;
        }

        public int status() {
            return status;
        }

        public String detail() {
            return detail;
        }

        public static HttpError badRequest(String message, String detail) {
            return new HttpError(400, message, detail);
        }
    }
}
