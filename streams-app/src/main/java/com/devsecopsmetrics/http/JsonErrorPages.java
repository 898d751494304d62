package com.devsecopsmetrics.http;

import com.devsecopsmetrics.ingest.ContractJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answers Jetty gives before a request reaches a handler (400 for a malformed request line, 414 for a URI too
 * long, 431 for headers too large) in the API's own shape, {@code {"error","status"}}, with the browser headers:
 * never Jetty's HTML page, its version or a stack trace.
 */
final class JsonErrorPages extends ErrorHandler {
    private final Map<String, String> headers;

    JsonErrorPages(Map<String, String> headers) {
        this.headers = headers;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        headers.forEach(fields::put);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("error", message == null || message.isBlank() ? HttpStatus.getMessage(code) : message);
        body.put("status", code);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
