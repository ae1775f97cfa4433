package dev.clusterlog.agent.tail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds regular files matching glob patterns such as {@code /var/log/pods/*}{@code /*}{@code /*.log*}:
 * each pattern is split into a fixed directory and per-level name globs, and only those levels
 * are listed (no recursive walk). A {@code .tmp} file (kubelet compressing) is never a log file.
 */
public final class GlobDiscovery implements FileDiscovery {
    private final List<Pattern> patterns = new ArrayList<>();

    private record Pattern(Path base, List<PathMatcher> levels, List<String> levelGlobs) {
    }

    public GlobDiscovery(List<String> globs) {
        for (String glob : globs) {
            Path p = Path.of(glob).toAbsolutePath().normalize();
            Path base = p.getRoot();
            List<PathMatcher> levels = new ArrayList<>();
            List<String> levelGlobs = new ArrayList<>();
            boolean wild = false;
            for (Path part : p) {
                String s = part.toString();
                if (!wild && !hasWildcard(s)) {
                    base = base.resolve(s);
                    continue;
                }
                wild = true;
                levels.add(FileSystems.getDefault().getPathMatcher("glob:" + s));
                levelGlobs.add(s);
            }
            if (levels.isEmpty()) {
                // an exact path: the last name is matched literally in its directory
                levels.add(FileSystems.getDefault().getPathMatcher("glob:" + escape(base.getFileName().toString())));
                levelGlobs.add(base.getFileName().toString());
                base = base.getParent();
            }
            patterns.add(new Pattern(base, levels, levelGlobs));
        }
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static String escape(String s) {
        return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }

    @Override
    public List<Path> discover() throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (Pattern pattern : patterns) {
            walk(pattern.base, pattern, 0, out);
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<Path> watchedDirectories() {
        List<Path> dirs = new ArrayList<>();
        for (Pattern pattern : patterns) {
            collectDirectories(pattern.base, pattern, 0, dirs);
        }
        return dirs;
    }

    private void collectDirectories(Path dir, Pattern pattern, int level, List<Path> dirs) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        dirs.add(dir);
        if (level >= pattern.levels.size() - 1) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (pattern.levels.get(level).matches(entry.getFileName())) {
                    collectDirectories(entry, pattern, level + 1, dirs);
                }
            }
        } catch (IOException e) {
            // the directory went away between listing and reading: the next scan sees the truth
        }
    }

    private void walk(Path dir, Pattern pattern, int level, Set<Path> out) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!pattern.levels.get(level).matches(entry.getFileName())) {
                    continue;
                }
                if (level == pattern.levels.size() - 1) {
                    if (Files.isRegularFile(entry) && !entry.getFileName().toString().endsWith(".tmp")) {
                        out.add(entry);
                    }
                } else if (Files.isDirectory(entry)) {
                    walk(entry, pattern, level + 1, out);
                }
            }
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            // nothing there (yet)
        }
    }
}
