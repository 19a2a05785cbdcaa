package io.vrguard.analyzer.http;

import io.vrguard.analyzer.kafka.FleetCommands;
import io.vrguard.protocol.CommandType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fleet-wide stop and resume: {@code POST /api/fleet/stop} and {@code POST /api/fleet/resume} with
 * {@code {"reason": "..."}} sign one command addressed to every host ({@code *}) and write it to every partition
 * of {@code vrguard.commands}; 202 once the broker acknowledged all of them (the enforcers answer on
 * {@code vrguard.actions}, each under its host id), 503 when it did not. With {@code api.auth} on, the bearer
 * token is needed ({@link ApiAuthFilter}, as for every POST).
 */
@RestController
@RequestMapping("/api/fleet")
public class FleetController {
    private final FleetCommands fleet;

    public FleetController(FleetCommands fleet) {
        this.fleet = fleet;
    }

    /** The body of both requests. */
    public record FleetRequest(String reason) {
    }

    /** Answer of an accepted request. */
    public record FleetResponse(String commandId, String type, String host, String reason, String expiresAt,
            int partitionsWritten) {
    }

    @PostMapping("/stop")
    public ResponseEntity<FleetResponse> stop(@RequestBody(required = false) FleetRequest body,
            HttpServletRequest request) {
        return send(CommandType.STOP, body, request);
    }

    @PostMapping("/resume")
    public ResponseEntity<FleetResponse> resume(@RequestBody(required = false) FleetRequest body,
            HttpServletRequest request) {
        return send(CommandType.RESUME, body, request);
    }

    private ResponseEntity<FleetResponse> send(CommandType type, FleetRequest body, HttpServletRequest request) {
        String reason = FleetCommands.checkedReason(body == null ? null : body.reason());
        FleetCommands.Sent sent = fleet.publish(type, reason, request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new FleetResponse(sent.commandId(),
                type.wireName(), FleetCommands.FLEET, sent.reason(), sent.expiresAt().toString(),
                sent.partitionsWritten()));
    }

    /** The broker did not take the command on every partition: some hosts may not have it; send it again. */
    @ExceptionHandler(FleetCommands.NotAcknowledged.class)
    ResponseEntity<Map<String, Object>> notAcknowledged(FleetCommands.NotAcknowledged e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("commandId", e.commandId());
        body.put("partitionsWritten", e.partitionsWritten());
        body.put("partitionsFailed", e.partitionsFailed());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
