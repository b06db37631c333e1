package io.stablerail.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** One service of the suite running as a child JVM, its output in {@code <data>/logs/<service>.log}. */
final class ServiceProcess {

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(String name, int port, Path root, Path logDirectory, Map<String, String> environment)
            throws IOException {
        Path jar = findExecutableJar(root, name);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("STABLERAIL_PORT", String.valueOf(port));
        return new ServiceProcess(name, port, builder.start(), log);
    }

    private static Path findExecutableJar(Path root, String module) throws IOException {
        Path target = root.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).toList();
                if (jars.size() == 1) {
                    return jars.getFirst();
                }
            }
        }
        throw new IllegalStateException("no executable jar in " + target + ": build first with "
                + "./mvnw -DskipTests package (dev-stack/run does this)");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** Asks the service to stop (SIGTERM: Spring's graceful shutdown) without waiting. */
    void requestStop() {
        process.destroy();
    }

    /** Waits for the stop; kills the process if it takes longer than {@code seconds}. */
    void awaitStop(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    List<String> logTail(int lines) {
        try (Stream<String> all = Files.lines(log)) {
            List<String> every = all.toList();
            return every.subList(Math.max(0, every.size() - lines), every.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e + ")");
        }
    }
}
