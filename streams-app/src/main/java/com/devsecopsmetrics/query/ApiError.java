package com.devsecopsmetrics.query;

/** An error the REST API answers with its HTTP status and a JSON body {@code {"error","status"}}. */
public class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }
}
