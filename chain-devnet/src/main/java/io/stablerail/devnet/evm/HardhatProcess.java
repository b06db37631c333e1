package io.stablerail.devnet.evm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The pinned Hardhat node as a child process: {@code node node_modules/hardhat/internal/cli/cli.js node} on
 * 127.0.0.1 and a free port, run in the devnet's {@code evm} directory, its output in a log file. Stopped (with its
 * descendants) by {@link #close()} or, failing that, at JVM exit.
 */
final class HardhatProcess implements AutoCloseable {

    /** The system property naming the {@code chain-devnet/evm} directory (the build sets it for the tests). */
    static final String EVM_DIR_PROPERTY = "stablerail.devnet.evm.dir";
    /** The system property naming the node executable; {@code node} on the PATH by default. */
    static final String NODE_PROPERTY = "stablerail.devnet.node";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS_MAX = 3;

    private final Process process;
    private final Path logFile;
    private final URI rpcUrl;
    private final Thread shutdownHook;

    private HardhatProcess(Process process, Path logFile, URI rpcUrl) {
        this.process = process;
        this.logFile = logFile;
        this.rpcUrl = rpcUrl;
        this.shutdownHook = new Thread(this::kill, "hardhat-devnet-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the node and waits until it answers {@code eth_chainId}. A port taken between choosing it and
     * binding it is retried with another port, at most {@value #START_ATTEMPTS_MAX} times.
     */
    static HardhatProcess start(Path evmDir, String hardfork) {
        DevnetException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS_MAX; attempt++) {
            int port = freePort();
            Path log = logFile(evmDir, port);
            HardhatProcess started = launch(evmDir, hardfork, port, log);
            try {
                started.awaitReady();
                return started;
            } catch (DevnetException notReady) {
                started.close();
                last = notReady;
            }
        }
        throw last;
    }

    private static HardhatProcess launch(Path evmDir, String hardfork, int port, Path log) {
        String node = System.getProperty(NODE_PROPERTY, "node");
        ProcessBuilder builder = new ProcessBuilder(List.of(node, "node_modules/hardhat/internal/cli/cli.js", "node",
                "--hostname", "127.0.0.1", "--port", Integer.toString(port)))
                .directory(evmDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
        builder.environment().put("CI", "true");
        builder.environment().put("STABLERAIL_DEVNET_HARDFORK", hardfork);
        try {
            return new HardhatProcess(builder.start(), log, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new DevnetException("cannot start " + node + " (is Node 20+ installed? set -D" + NODE_PROPERTY
                    + " to its path): " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new DevnetException("Hardhat exited with " + process.exitValue() + " before answering; see "
                        + logFile + ":\n" + logTail());
            }
            if (answersChainId(probe)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for Hardhat", e);
            }
        }
        throw new DevnetException("Hardhat did not answer on " + rpcUrl + " within " + READY_TIMEOUT + "; see "
                + logFile);
    }

    private boolean answersChainId(HttpClient probe) {
        HttpRequest request = HttpRequest.newBuilder(rpcUrl).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"))
                .build();
        try {
            HttpResponse<String> answer = probe.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().contains("\"result\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while waiting for Hardhat", e);
        }
    }

    /**
     * The {@code chain-devnet/evm} directory: the system property {@value #EVM_DIR_PROPERTY}, else found by walking
     * up from the working directory (a module directory, the repository root or below). It must hold the installed
     * node dependencies.
     */
    static Path locateEvmDir() {
        return locateEvmDir(Path.of("").toAbsolutePath());
    }

    static Path locateEvmDir(Path workingDirectory) {
        String configured = System.getProperty(EVM_DIR_PROPERTY);
        Path found = null;
        if (configured != null && !configured.isBlank()) {
            found = Path.of(configured).toAbsolutePath();
        } else {
            for (Path dir = workingDirectory; dir != null && found == null; dir = dir.getParent()) {
                for (Path candidate : List.of(dir.resolve("chain-devnet/evm"), dir.resolve("evm"))) {
                    if (Files.isRegularFile(candidate.resolve("hardhat.config.js"))) {
                        found = candidate;
                        break;
                    }
                }
            }
        }
        if (found == null || !Files.isRegularFile(found.resolve("hardhat.config.js"))) {
            throw new DevnetException("cannot find the EVM devnet directory (chain-devnet/evm with hardhat.config.js)"
                    + " from " + workingDirectory + "; set -D" + EVM_DIR_PROPERTY);
        }
        if (!Files.isRegularFile(found.resolve("node_modules/hardhat/internal/cli/cli.js"))) {
            throw new DevnetException("Hardhat is not installed in " + found + ": run `node ensure-deps.js` there"
                    + " (the chain-devnet Maven build does it)");
        }
        return found;
    }

    private static Path logFile(Path evmDir, int port) {
        Path target = evmDir.resolveSibling("target");
        try {
            Path dir = Files.isDirectory(target) ? Files.createDirectories(target.resolve("hardhat-logs"))
                    : Files.createTempDirectory("hardhat-logs");
            return dir.resolve("hardhat-" + port + ".log");
        } catch (IOException e) {
            throw new DevnetException("cannot create a log file for Hardhat: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DevnetException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    URI rpcUrl() {
        return rpcUrl;
    }

    Path logFile() {
        return logFile;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and the hook runs (or ran) anyway
        }
    }
}
