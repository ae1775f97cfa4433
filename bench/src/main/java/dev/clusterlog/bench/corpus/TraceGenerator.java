package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.util.SplittableRandom;

/**
 * Multi-line traces as runtimes print them to stderr: Java stack traces (with a {@code Caused by:}
 * chain), Python tracebacks and Go panics (with the blank line and goroutine header Go prints).
 * Frame names are drawn from small built-in vocabularies; the shapes are what matters to a
 * multi-line assembler.
 */
final class TraceGenerator {
    private static final String[] JAVA_PACKAGES = {"org.apache.kafka.clients", "io.netty.channel",
        "com.example.orders", "org.springframework.web.servlet", "java.util.concurrent", "org.hibernate.engine"};
    private static final String[] JAVA_CLASSES = {"NetworkClient", "AbstractChannelHandlerContext",
        "OrderService", "DispatcherServlet", "ThreadPoolExecutor", "SessionImpl", "KafkaConsumer"};
    private static final String[] JAVA_METHODS = {"poll", "invokeChannelRead", "createOrder", "doDispatch",
        "runWorker", "flush", "handleCompletedReceives", "processRequest"};
    private static final String[] JAVA_EXCEPTIONS = {"java.lang.IllegalStateException",
        "java.io.IOException", "java.util.concurrent.TimeoutException", "java.lang.NullPointerException",
        "org.apache.kafka.common.errors.DisconnectException"};
    private static final String[] PY_FILES = {"/usr/lib/python3/dist-packages/nova/compute/manager.py",
        "/usr/lib/python3/dist-packages/oslo_messaging/rpc/server.py", "/app/worker/tasks.py",
        "/usr/local/lib/python3.12/site-packages/requests/adapters.py"};
    private static final String[] PY_FUNCS = {"_build_and_run_instance", "_process_incoming", "run_task",
        "send", "wrapper", "__call__"};
    private static final String[] PY_ERRORS = {"ValueError: invalid literal for int() with base 10: 'x'",
        "KeyError: 'instance_uuid'", "requests.exceptions.ConnectionError: Connection refused",
        "oslo_messaging.exceptions.MessagingTimeout: Timed out waiting for a reply"};
    private static final String[] GO_FUNCS = {"main.(*Server).handle", "net/http.(*conn).serve",
        "github.com/example/store.(*Client).Get", "main.processBatch", "runtime.goexit"};

    private TraceGenerator() {
    }

    static void appendTrace(SplittableRandom r, ByteWriter out) {
        switch (r.nextInt(3)) {
            case 0 -> java(r, out);
            case 1 -> python(r, out);
            default -> go(r, out);
        }
    }

    private static void java(SplittableRandom r, ByteWriter out) {
        out.writeAscii("Exception in thread \"worker-" + r.nextInt(64) + "\" " + pick(r, JAVA_EXCEPTIONS)
                + ": request " + Long.toHexString(r.nextLong()) + " failed\n");
        frames(r, out, 4 + r.nextInt(20));
        if (r.nextBoolean()) {
            out.writeAscii("Caused by: " + pick(r, JAVA_EXCEPTIONS) + ": connection reset\n");
            frames(r, out, 3 + r.nextInt(8));
            out.writeAscii("\t... " + (5 + r.nextInt(30)) + " more\n");
        }
    }

    private static void frames(SplittableRandom r, ByteWriter out, int n) {
        for (int i = 0; i < n; i++) {
            String cls = pick(r, JAVA_CLASSES);
            out.writeAscii("\tat " + pick(r, JAVA_PACKAGES) + "." + cls + "." + pick(r, JAVA_METHODS) + "("
                    + cls + ".java:" + (20 + r.nextInt(900)) + ")\n");
        }
    }

    private static void python(SplittableRandom r, ByteWriter out) {
        out.writeAscii("Traceback (most recent call last):\n");
        int n = 2 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            out.writeAscii("  File \"" + pick(r, PY_FILES) + "\", line " + (10 + r.nextInt(2000)) + ", in "
                    + pick(r, PY_FUNCS) + "\n");
            out.writeAscii("    result = self." + pick(r, PY_FUNCS) + "(context, *args, **kwargs)\n");
        }
        out.writeAscii(pick(r, PY_ERRORS) + "\n");
    }

    private static void go(SplittableRandom r, ByteWriter out) {
        out.writeAscii("panic: runtime error: invalid memory address or nil pointer dereference\n");
        out.writeAscii("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x"
                + Integer.toHexString(0x400000 + r.nextInt(0x100000)) + "]\n");
        out.writeAscii("\n");
        out.writeAscii("goroutine " + (1 + r.nextInt(5000)) + " [running]:\n");
        int n = 3 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            out.writeAscii(pick(r, GO_FUNCS) + "(0xc000" + Integer.toHexString(r.nextInt(0x100000)) + ")\n");
            out.writeAscii("\t/go/src/app/" + pick(r, new String[] {"server.go", "store.go", "batch.go"}) + ":"
                    + (10 + r.nextInt(800)) + " +0x" + Integer.toHexString(r.nextInt(0x400)) + "\n");
        }
        out.writeAscii("exit status 2\n");
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
