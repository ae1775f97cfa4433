package dev.clusterlog.dist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * zstd-jni's and snappy-java's JNI libraries, taken out of their jars into the image. Both
 * libraries otherwise copy themselves into {@code java.io.tmpdir} at every start, which a
 * read-only root file system without a writable /tmp refuses; the JVM arguments point them at
 * these files instead ({@code ZstdNativePath}, {@code org.xerial.snappy.lib.path}).
 *
 * @param zstd the zstd-jni library's file name
 * @param snappy the snappy-java library's file name
 */
record NativeLibraries(String zstd, String snappy) {
    /** Linux x86-64 is what the image's platform is (the build machine's: its glibc goes in too). */
    private static final String ZSTD_PREFIX = "linux/amd64/";
    private static final String SNAPPY_ENTRY = "org/xerial/snappy/native/Linux/x86_64/libsnappyjava.so";

    /** Extracts both libraries from {@code jars} into {@code folder}. */
    static NativeLibraries extract(List<Path> jars, Path folder) throws IOException {
        Files.createDirectories(folder);
        String zstd = null;
        String snappy = null;
        for (Path jar : jars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry e : jf.stream().toList()) {
                    String name = e.getName();
                    if (name.startsWith(ZSTD_PREFIX) && name.endsWith(".so")) {
                        zstd = write(jf, e, folder);
                    } else if (name.equals(SNAPPY_ENTRY)) {
                        snappy = write(jf, e, folder);
                    }
                }
            }
        }
        if (zstd == null || snappy == null) {
            throw new IllegalStateException("the distribution lacks a JNI library for linux x86-64: zstd-jni "
                    + (zstd == null ? "missing" : zstd) + ", snappy-java " + (snappy == null ? "missing" : snappy));
        }
        return new NativeLibraries(zstd, snappy);
    }

    private static String write(JarFile jar, JarEntry entry, Path folder) throws IOException {
        String file = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, folder.resolve(file));
        }
        return file;
    }
}
