package io.stablerail.devnet.evm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON-RPC proxy in front of the devnet that behaves like a hosted provider: it refuses {@code eth_getLogs}
 * ranges wider than a limit, with a real provider message (Infura's) or HTTP 413, and can answer every call with a
 * fixed HTTP status; it can answer JSON-RPC batches out of order, or refuse them as providers without batch support
 * do. Everything else is forwarded to Hardhat unchanged (HTTP/1.1).
 */
final class RefusingRpcProxy implements AutoCloseable {

    enum Refusal { INFURA_MESSAGE, HTTP_413 }

    /** How a JSON-RPC batch (a JSON array) is served: forwarded, forwarded with its answers reversed, or refused. */
    enum Batches { FORWARD, REVERSED, REFUSED }

    record Range(long from, long to, boolean refused) {
        long blocks() {
            return to - from + 1;
        }
    }

    private static final Pattern FROM = Pattern.compile("\"fromBlock\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"");
    private static final Pattern TO = Pattern.compile("\"toBlock\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final HttpClient forwarder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI upstream;
    private final List<Range> logRanges = new CopyOnWriteArrayList<>();
    private volatile long logsBlocksMax = Long.MAX_VALUE;
    private volatile Refusal refusal = Refusal.INFURA_MESSAGE;
    private volatile int forcedStatus;
    private volatile String forcedBody = "{\"error\":\"forced by the test proxy\"}";
    private volatile Batches batches = Batches.FORWARD;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    RefusingRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void refuseLogRangesWiderThan(long blocks, Refusal how) {
        logsBlocksMax = blocks;
        refusal = how;
        logRanges.clear();
    }

    void answerEverythingWith(int httpStatus) {
        forcedStatus = httpStatus;
    }

    void answerEverythingWith(int httpStatus, String body) {
        forcedBody = body;
        forcedStatus = httpStatus;
    }

    void batches(Batches how) {
        batches = how;
    }

    /** HTTP requests received so far (a batch is one). */
    int requests() {
        return requests.get();
    }

    List<Range> logRanges() {
        return List.copyOf(logRanges);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            requests.incrementAndGet();
            if (forcedStatus != 0) {
                reply(exchange, forcedStatus, forcedBody);
                return;
            }
            if (body.contains("\"eth_getLogs\"")) {
                long from = hex(FROM, body);
                long to = hex(TO, body);
                boolean refuse = to - from + 1 > logsBlocksMax;
                logRanges.add(new Range(from, to, refuse));
                if (refuse && refusal == Refusal.HTTP_413) {
                    reply(exchange, 413, "Request Entity Too Large");
                    return;
                }
                if (refuse) {
                    Matcher id = ID.matcher(body);
                    reply(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + (id.find() ? id.group(1) : "0")
                            + ",\"error\":{\"code\":-32005,\"message\":\"query returned more than 10000 results\"}}");
                    return;
                }
            }
            boolean batch = body.stripLeading().startsWith("[");
            if (batch && batches == Batches.REFUSED) { // as providers without batch support answer: one error object
                reply(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                        + "\"message\":\"batch requests are not supported\"}}");
                return;
            }
            HttpResponse<String> answer = forwarder.send(HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String answered = answer.body();
            if (batch && batches == Batches.REVERSED) { // JSON-RPC lets a server answer a batch in any order
                tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
                List<tools.jackson.databind.JsonNode> each = new java.util.ArrayList<>();
                json.readTree(answered).forEach(each::add);
                java.util.Collections.reverse(each);
                answered = json.writeValueAsString(each);
            }
            reply(exchange, answer.statusCode(), answered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long hex(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("eth_getLogs without a numeric range: " + body);
        }
        return Long.parseLong(matcher.group(1), 16);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
