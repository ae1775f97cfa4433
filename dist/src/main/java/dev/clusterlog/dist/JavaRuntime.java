package dev.clusterlog.dist;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;

/**
 * The image's Java runtime: the modules the distribution uses (jdeps), linked by jlink from the
 * JDK that runs the build, so the image's JVM is the one the build was tested with.
 *
 * <p>Left out, and why: java.desktop's native libraries (AWT, fonts, images, sound, splash
 * screen), which pull in X11 and ALSA; the distribution uses java.desktop only for
 * {@code java.beans} (Jetty, Jackson), which is pure Java. jlink's own CDS archive is not
 * generated: the image's archive ({@link ClassDataArchive}) holds the JDK's classes too.
 */
final class JavaRuntime {
    /**
     * Reached only through service loading, so jdeps does not see them; each is added when the
     * build's JDK has it: jdk.crypto.ec holds the TLS key exchange of JDK 21 (the agent's HTTPS
     * to the Kubernetes API; java.base has it from JDK 22 on), jdk.management the platform
     * MXBeans that JFR and jcmd read.
     */
    private static final List<String> ALSO = List.of("jdk.crypto.ec", "jdk.management");

    private static final String DESKTOP_NATIVES = "glob:/java.desktop/lib/**";

    private JavaRuntime() {
    }

    /** The modules the jars need, by jdeps, plus {@link #ALSO}. */
    static List<String> modules(List<Path> jars) {
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "--multi-release",
                "21", "--class-path", String.join(":", jars.stream().map(Path::toString).toList())));
        jars.forEach(j -> args.add(j.toString()));
        String out = run("jdeps", args).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        Set<String> modules = new LinkedHashSet<>(List.of(last.split(",")));
        if (!modules.contains("java.base")) {
            throw new IllegalStateException("jdeps printed no module list: " + out);
        }
        ALSO.stream().filter(m -> ModuleFinder.ofSystem().find(m).isPresent()).forEach(modules::add);
        return List.copyOf(modules);
    }

    /** Links {@code modules} into {@code output} (which must not exist). */
    static void link(List<String> modules, Path output) throws IOException {
        run("jlink", List.of("--add-modules", String.join(",", modules), "--strip-debug", "--no-man-pages",
                "--no-header-files", "--exclude-files=" + DESKTOP_NATIVES, "--output", output.toString()));
    }

    private static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool).orElseThrow(() -> new IllegalStateException(
                tool + " is not in this JDK (" + System.getProperty("java.home") + "); build with a full JDK 21+"));
        StringWriter out = new StringWriter();
        int rc = provider.run(new PrintWriter(out, true), new PrintWriter(out, true), args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException(tool + " failed (exit " + rc + "): " + out);
        }
        return out.toString();
    }
}
