package io.stablerail.withdrawal.broadcast.chains;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JSON-RPC pass-through in front of Hardhat on 127.0.0.1 that can lose answers: for the next N
 * {@code eth_sendRawTransaction} calls it forwards the request (the node accepts the transaction) and then closes the
 * connection without answering, as a load balancer that dies after forwarding would.
 */
final class AnswerDroppingRpcProxy implements AutoCloseable {

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger dropsLeft = new AtomicInteger();
    private final AtomicInteger answersDropped = new AtomicInteger();

    private AnswerDroppingRpcProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static AnswerDroppingRpcProxy start(URI target) {
        try {
            return new AnswerDroppingRpcProxy(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The answers of the next {@code count} {@code eth_sendRawTransaction} calls are lost after forwarding. */
    void dropNextSendAnswers(int count) {
        dropsLeft.set(count);
    }

    int answersDropped() {
        return answersDropped.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean send = new String(request, StandardCharsets.UTF_8).contains("\"eth_sendRawTransaction\"");
            if (send && dropsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                answersDropped.incrementAndGet();
                return; // closed without a status line: the client sees the connection end, not an answer
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(answer.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
