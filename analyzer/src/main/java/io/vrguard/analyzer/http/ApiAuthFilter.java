package io.vrguard.analyzer.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With API security on, a request that changes state (POST, PUT, PATCH, DELETE) needs {@code Authorization: Bearer
 * TOKEN}; without it the answer is 401 and nothing changes. Reads stay open (GET, HEAD, OPTIONS). The token is
 * compared in constant time and never logged.
 */
public final class ApiAuthFilter extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAuthFilter.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    /** Shorter tokens are refused at start: a guessable token is no protection. */
    public static final int MIN_TOKEN_CHARS = 24;

    private final Supplier<String> token;

    public ApiAuthFilter(Supplier<String> token) {
        this.token = token;
    }

    /** The token of {@code file} (re-read at each use, so it rotates live), else of environment variable {@code env}. */
    public static Supplier<String> tokenSource(Path file, String env) {
        Supplier<String> source = file != null ? () -> read(file) : () -> System.getenv(env);
        String now = source.get();
        if (now == null || now.strip().length() < MIN_TOKEN_CHARS) {
            throw new IllegalStateException("vrguard.analyzer.api.auth is on but the API token ("
                    + (file != null ? "file " + file : "environment variable " + env) + ") is missing or shorter than "
                    + MIN_TOKEN_CHARS + " characters");
        }
        return source;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            LOG.warn("API token file {} cannot be read: {}; refusing writes", file, e.toString());
            return null;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE.contains(request.getMethod()) || authorized(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        LOG.warn("refused unauthenticated {} {} from {}", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr());
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"vrguard-analyzer\"");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"authentication required: send Authorization: Bearer <token>\"}");
    }

    private boolean authorized(String header) {
        String expected = token.get();
        if (header == null || !header.startsWith("Bearer ") || expected == null || expected.isBlank()) {
            return false;
        }
        byte[] presented = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected.strip().getBytes(StandardCharsets.UTF_8));
    }
}
