package io.vrguard.analyzer.http;

import io.vrguard.analyzer.core.InvalidPolicyException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Errors as {@code {"error": "...", "problems": [...]}} with a status that says whose fault it is. */
@RestControllerAdvice
public class ApiErrors {

    /** The request conflicts with what exists. */
    public static class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    @ExceptionHandler(InvalidPolicyException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidPolicyException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "problems", e.problems()));
    }

    @ExceptionHandler({IllegalArgumentException.class, HttpMessageNotReadableException.class})
    ResponseEntity<Map<String, Object>> unreadable(Exception e) {
        String message = e instanceof HttpMessageNotReadableException m && m.getMostSpecificCause() != null
                ? "malformed request body: " + m.getMostSpecificCause().getMessage() : e.getMessage();
        return ResponseEntity.badRequest().body(Map.of("error", message, "problems", List.of(message)));
    }

    /** A body that is not JSON (curl's {@code -d} sends a form unless told otherwise). */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> notJson(HttpMediaTypeNotSupportedException e) {
        String message = "send the body as JSON with Content-Type: application/json (got "
                + (e.getContentType() == null ? "none" : e.getContentType()) + ")";
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(Map.of("error", message, "problems", List.of(message)));
    }

    @ExceptionHandler(Conflict.class)
    ResponseEntity<Map<String, Object>> conflict(Conflict e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
