package io.stablerail.withdrawal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Flyway migrations of one service, read from that service's own jar (or classes directory). ledger-service and
 * confirmation-worker both keep theirs in {@code classpath:db/migration}; with both jars on this test classpath a
 * {@code classpath:} location would hand each service the other's scripts too (two "version 1"s). Each in-process
 * service therefore gets a {@code filesystem:} copy of exactly its own jar's {@code db/migration}.
 */
public final class Migrations {

    private static final Map<Class<?>, String> LOCATIONS = new ConcurrentHashMap<>();

    private Migrations() {
    }

    /** A Flyway location holding exactly the {@code db/migration} scripts of the jar that holds {@code application}. */
    public static String of(Class<?> application) {
        return LOCATIONS.computeIfAbsent(application, Migrations::extract);
    }

    private static String extract(Class<?> application) {
        try {
            Path source = Path.of(application.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = Files.createTempDirectory("migrations-" + application.getSimpleName());
            if (Files.isDirectory(source)) {
                copy(source.resolve("db/migration"), target);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(source)) {
                    copy(jar.getPath("db/migration"), target);
                }
            }
            return "filesystem:" + target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path directory, Path target) throws IOException {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(directory)) {
            scripts = files.filter(p -> p.getFileName().toString().endsWith(".sql")).toList();
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no migrations in " + directory.toUri());
        }
        for (Path script : scripts) {
            Files.copy(script, target.resolve(script.getFileName().toString()));
        }
    }
}
