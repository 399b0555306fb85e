package dev.saffron.webdav.internal;

/** A request the server answers with an error status; {@code closes} ends the connection after it. */
public final class HttpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final boolean closes;

    public HttpException(int status, String message, boolean closes) {
        super(message);
        this.status = status;
        this.closes = closes;
    }

    public HttpException(int status, String message) {
        this(status, message, false);
    }

    public int status() {
        return status;
    }

    public boolean closes() {
        return closes;
    }
}
