package io.vrguard.analyzer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiAuthFilterTest {
    private static final String TOKEN = "a-token-of-at-least-24-characters";

    @TempDir
    Path dir;

    private static int status(ApiAuthFilter filter, String method, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/policies/fleet");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return chain.getRequest() != null ? 200 : response.getStatus();
    }

    @Test
    void readsPassAndWritesNeedTheBearerToken() throws Exception {
        ApiAuthFilter filter = new ApiAuthFilter(() -> TOKEN);
        assertThat(status(filter, "GET", null)).isEqualTo(200);
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            assertThat(status(filter, method, null)).as(method).isEqualTo(401);
            assertThat(status(filter, method, "Bearer wrong")).as(method).isEqualTo(401);
            assertThat(status(filter, method, "Basic " + TOKEN)).as(method).isEqualTo(401);
            assertThat(status(filter, method, "Bearer " + TOKEN)).as(method).isEqualTo(200);
        }
    }

    @Test
    void theTokenFileRotatesWithoutRestartAndAShortTokenStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        ApiAuthFilter filter = new ApiAuthFilter(ApiAuthFilter.tokenSource(file, "UNUSED"));
        assertThat(status(filter, "POST", "Bearer " + TOKEN)).isEqualTo(200);
        Files.writeString(file, "the-next-token-of-enough-length");
        assertThat(status(filter, "POST", "Bearer " + TOKEN)).isEqualTo(401);
        assertThat(status(filter, "POST", "Bearer the-next-token-of-enough-length")).isEqualTo(200);
        Files.delete(file);
        assertThat(status(filter, "POST", "Bearer the-next-token-of-enough-length")).isEqualTo(401);

        Files.writeString(file, "short");
        assertThatThrownBy(() -> ApiAuthFilter.tokenSource(file, "UNUSED")).hasMessageContaining("shorter than 24")
                .hasMessageNotContaining("short\"");
        assertThatThrownBy(() -> ApiAuthFilter.tokenSource(null, "VRGY_SURELY_UNSET_TOKEN"))
                .hasMessageContaining("VRGY_SURELY_UNSET_TOKEN");
    }
}
