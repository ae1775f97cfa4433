package dev.clusterlog.server.podlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The Kubernetes API's error body ({@code metav1.Status}), which kubectl and client libraries
 * read on the pod-log endpoint: {@code {"kind":"Status","apiVersion":"v1","metadata":{},
 * "status":"Failure","message":"...","reason":"BadRequest","code":400}}.
 */
final class KubernetesStatus {
    private static final JsonFactory JSON = new JsonFactory();

    private KubernetesStatus() {
    }

    /** An answer of the endpoint that is a Kubernetes Status failure. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final String reason;

        Failure(int code, String reason, String message) {
            super(message, null, false, false);
            this.code = code;
            this.reason = reason;
        }

        static Failure notFound(String pod) {
            return new Failure(404, "NotFound", "pods \"" + pod + "\" not found");
        }

        void send(Context ctx) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("kind", "Status");
                g.writeStringField("apiVersion", "v1");
                g.writeObjectFieldStart("metadata");
                g.writeEndObject();
                g.writeStringField("status", "Failure");
                g.writeStringField("message", getMessage());
                g.writeStringField("reason", reason);
                g.writeNumberField("code", code);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ctx.status(code).contentType("application/json").result(w.toString());
        }
    }
}
