package io.vrguard.collector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The management port: {@code GET /actuator/health} and {@code GET /actuator/prometheus}, nothing else (any other
 * path is 404, any other method 405). Served by the JDK's own HTTP server on one thread instead of Tomcat and
 * Spring MVC: an agent on every router host should cost little memory, and two read-only endpoints need no more.
 */
public final class ManagementServer implements AutoCloseable {
    static final String HEALTH = "/actuator/health";
    static final String PROMETHEUS = "/actuator/prometheus";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON_TYPE = "application/vnd.spring-boot.actuator.v3+json";

    private final HttpServer server;
    private final Supplier<String> prometheus;
    private final BooleanSupplier healthy;

    /**
     * @param address    where to listen (port 0: any free port, see {@link #port()})
     * @param prometheus the Prometheus text exposition (Micrometer's {@code PrometheusMeterRegistry.scrape()})
     * @param healthy    true while the agent is doing its job (UP, 200), else DOWN, 503
     */
    public ManagementServer(InetSocketAddress address, Supplier<String> prometheus, BooleanSupplier healthy)
            throws IOException {
        this.prometheus = prometheus;
        this.healthy = healthy;
        this.server = HttpServer.create(address, 16);
        server.createContext("/", this::handle);
        server.setExecutor(null); // the dispatcher thread answers: scrapes are rare and short
    }

    public ManagementServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean known = HEALTH.equals(path) || PROMETHEUS.equals(path);
            String method = exchange.getRequestMethod();
            if (!known) {
                reply(exchange, 404, JSON_TYPE, "{\"status\":404,\"error\":\"Not Found\"}");
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, JSON_TYPE, "{\"status\":405,\"error\":\"Method Not Allowed\"}");
            } else if (HEALTH.equals(path)) {
                boolean up = healthy.getAsBoolean();
                reply(exchange, up ? 200 : 503, JSON_TYPE, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
            } else {
                reply(exchange, 200, PROMETHEUS_TYPE, prometheus.get());
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
