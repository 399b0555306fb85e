package dev.saffron.spice.internal.sasl;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.internal.link.Credentials;
import dev.saffron.spice.internal.transport.Transport;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.RealmChoiceCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The SASL exchange of the link stage (protocol reference §1.9), run after the client chose SASL as its
 * auth mechanism, with the JDK's {@code javax.security.sasl} mechanisms. Over plain TCP only a mechanism
 * with a confidentiality layer is acceptable (spice-gtk demands a security strength of 56 bits), and
 * everything after the SASL result then travels through that layer; over TLS no layer is negotiated.
 */
public final class SaslAuthenticator {
    private static final System.Logger LOG = System.getLogger(SaslAuthenticator.class.getName());

    /** The SASL service name SPICE servers register. */
    static final String SERVICE = "spice";
    /** spice-gtk's limits on what the server may send during the exchange. */
    static final int MAX_MECHLIST_BYTES = 300;
    static final int MAX_DATA_BYTES = 1024 * 1024;
    /** A rejection's message is short text; anything longer is not a SPICE server's. */
    static final int MAX_FAILURE_MESSAGE_BYTES = 1024;
    /** The largest security-layer packet this client accepts, announced to the server. */
    static final int MAX_LAYER_PACKET = 65536;
    /** Only a confidentiality layer gives the 56 bits of strength spice-gtk requires without TLS. */
    static final String QOP_CONFIDENTIAL = "auth-conf";

    /** The JDK's DIGEST-MD5 property that picks the confidentiality cipher. */
    static final String DIGEST_CIPHER_PROPERTY = "com.sun.security.sasl.digest.cipher";
    /**
     * Cyrus SASL built against OpenSSL 3 offers {@code 3des} but cannot start it ("couldn't init cipher"),
     * and the JDK picks it first among the strong ones; RC4 at 128 bits works on both sides.
     */
    static final String DIGEST_CIPHER = "rc4";

    private SaslAuthenticator() {
    }

    /**
     * Runs the exchange and reads the SASL result.
     *
     * @param transport  the link's transport, right after the auth mechanism word was sent
     * @param serverName the server's host name as configured, which digest mechanisms bind to
     * @return the transport for the rest of the connection: {@code transport} itself, or a security layer
     *         over it
     * @throws SpiceException with {@link SpiceError#AUTH_NEEDS_USERNAME}, {@link SpiceError#AUTH_NEEDS_PASSWORD}
     *                        or {@link SpiceError#AUTH_NEEDS_PASSWORD_AND_USERNAME} (as spice-gtk picks them)
     *                        when authentication fails, {@link SpiceError#FAILED} when no mechanism fits, or
     *                        {@link SpiceError#PROTOCOL} when the server breaks the exchange's framing
     */
    public static Transport authenticate(Transport transport, String serverName, Credentials credentials)
            throws IOException {
        CredentialsHandler handler = new CredentialsHandler(credentials);
        SaslClient client = null;
        try {
            String[] mechanisms = readMechanisms(transport);
            client = Sasl.createSaslClient(mechanisms, null, SERVICE, serverName, properties(transport.isSecure()),
                    handler);
            if (client == null) {
                throw new SpiceException(SpiceError.FAILED, "the server offers the SASL mechanisms "
                        + String.join(", ", mechanisms) + ", none of which this client can use"
                        + (transport.isSecure() ? "" : " without TLS"));
            }
            LOG.log(System.Logger.Level.DEBUG, "SASL with {0} to {1}", client.getMechanismName(), transport.peer());
            exchange(transport, client);
            Transport result = securityLayer(transport, client);
            readResult(transport, handler);
            if (result == transport) {
                client.dispose();
            }
            return result;
        } catch (SaslException | EOFException e) {
            dispose(client);
            throw handler.failure(e);
        } catch (IOException | RuntimeException e) {
            dispose(client);
            throw e;
        }
    }

    private static void dispose(SaslClient client) {
        if (client != null) {
            try {
                client.dispose();
            } catch (SaslException ignored) {
                // Nothing is left to release once the exchange failed.
            }
        }
    }

    static Map<String, String> properties(boolean overTls) {
        Map<String, String> properties = new HashMap<>();
        if (overTls) {
            properties.put(Sasl.QOP, "auth");
        } else {
            properties.put(Sasl.QOP, QOP_CONFIDENTIAL);
            properties.put(Sasl.STRENGTH, "high,medium");
            properties.put(Sasl.POLICY_NOPLAINTEXT, "true");
            properties.put(Sasl.POLICY_NOANONYMOUS, "true");
            properties.put(Sasl.MAX_BUFFER, Integer.toString(MAX_LAYER_PACKET));
            properties.put(DIGEST_CIPHER_PROPERTY, DIGEST_CIPHER);
        }
        return properties;
    }

    static String[] readMechanisms(Transport transport) throws IOException {
        int length = readLength(transport, MAX_MECHLIST_BYTES, "SASL mechanism list");
        String list = new String(readBytes(transport, length), StandardCharsets.US_ASCII);
        String[] mechanisms = Arrays.stream(list.split("[,\\s]+")).filter(name -> !name.isEmpty())
                .toArray(String[]::new);
        if (mechanisms.length == 0) {
            throw new SpiceException(SpiceError.FAILED, "the server offers no SASL mechanism");
        }
        return mechanisms;
    }

    private static void exchange(Transport transport, SaslClient client) throws IOException {
        byte[] mechanism = client.getMechanismName().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer choice = ByteBuffer.allocate(4 + mechanism.length).order(ByteOrder.LITTLE_ENDIAN);
        transport.writeFully(choice.putInt(mechanism.length).put(mechanism).flip());
        writeData(transport, client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : null);

        ServerStep step = readStep(transport);
        while (!step.complete()) {
            if (client.isComplete()) {
                throw new SaslException("the server wants another step after " + client.getMechanismName()
                        + " finished");
            }
            writeData(transport, client.evaluateChallenge(step.data()));
            step = readStep(transport);
        }
        if (!client.isComplete()) {
            // The server's last data (DIGEST-MD5's rspauth) proves it knew the password too.
            client.evaluateChallenge(step.data());
        }
        if (!client.isComplete()) {
            throw new SaslException("the server ended the exchange before " + client.getMechanismName()
                    + " finished");
        }
    }

    /** Data travels with a terminating NUL that the length counts; a length of 0 means no data at all. */
    private static void writeData(Transport transport, byte[] data) throws IOException {
        if (data == null) {
            transport.writeFully(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).flip());
            return;
        }
        if (data.length >= MAX_DATA_BYTES) {
            throw new SaslException("the mechanism produced " + data.length + " bytes, more than SPICE carries");
        }
        ByteBuffer out = ByteBuffer.allocate(4 + data.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        transport.writeFully(out.putInt(data.length + 1).put(data).put((byte) 0).flip());
    }

    private record ServerStep(byte[] data, boolean complete) {
    }

    private static ServerStep readStep(Transport transport) throws IOException {
        int length = readLength(transport, MAX_DATA_BYTES, "SASL server data");
        byte[] data = length == 0 ? new byte[0] : Arrays.copyOf(readBytes(transport, length), length - 1);
        int complete = readBytes(transport, 1)[0];
        if (complete != 0 && complete != 1) {
            throw new SpiceException(SpiceError.PROTOCOL, "SASL step flag " + complete + " is neither 0 nor 1");
        }
        return new ServerStep(data, complete == 1);
    }

    private static Transport securityLayer(Transport transport, SaslClient client) throws SaslException {
        if (transport.isSecure()) {
            return transport;
        }
        Object qop = client.getNegotiatedProperty(Sasl.QOP);
        if (!QOP_CONFIDENTIAL.equals(qop)) {
            throw new SaslException("the negotiated protection '" + qop + "' is weaker than SPICE requires "
                    + "without TLS");
        }
        return new SaslLayerTransport(transport, client, MAX_LAYER_PACKET);
    }

    /** Reads the result the server sends in the clear: 0, or 1 followed by a message. */
    private static void readResult(Transport transport, CredentialsHandler handler) throws IOException {
        ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        transport.readFully(word);
        long result = Integer.toUnsignedLong(word.getInt(0));
        if (result == 0) {
            return;
        }
        String detail = "";
        try {
            int length = readLength(transport, MAX_FAILURE_MESSAGE_BYTES, "SASL failure message");
            detail = new String(readBytes(transport, length), StandardCharsets.UTF_8).replace("\0", "");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no readable reason after the SASL rejection: {0}", e.getMessage());
        }
        throw handler.failure(new SaslException("the server rejected the credentials"
                + (detail.isEmpty() ? "" : ": " + detail)));
    }

    private static int readLength(Transport transport, int max, String what) throws IOException {
        ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        transport.readFully(word);
        long length = Integer.toUnsignedLong(word.getInt(0));
        if (length > max) {
            throw new SpiceException(SpiceError.PROTOCOL, what + " of " + length + " bytes exceeds the limit of "
                    + max);
        }
        return (int) length;
    }

    private static byte[] readBytes(Transport transport, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        transport.readFully(buffer);
        return buffer.array();
    }

    /** Answers the mechanism's questions and remembers which answers were missing, for the error code. */
    private static final class CredentialsHandler implements CallbackHandler {
        private final Credentials credentials;
        private volatile boolean neededUsername;
        private volatile boolean neededPassword;

        CredentialsHandler(Credentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
            for (Callback callback : callbacks) {
                switch (callback) {
                    case NameCallback name -> {
                        neededUsername |= credentials.username().isEmpty();
                        credentials.username().ifPresent(name::setName);
                    }
                    case PasswordCallback password -> {
                        neededPassword |= credentials.password().isEmpty();
                        credentials.password().ifPresent(secret -> password.setPassword(secret.toCharArray()));
                    }
                    case RealmCallback realm -> realm.setText(realm.getDefaultText());
                    case RealmChoiceCallback choice -> choice.setSelectedIndex(choice.getDefaultChoice());
                    default -> throw new UnsupportedCallbackException(callback);
                }
            }
            if (neededUsername || neededPassword) {
                throw new IOException("credentials missing");
            }
        }

        SpiceException failure(IOException cause) {
            SpiceError code = neededUsername && neededPassword ? SpiceError.AUTH_NEEDS_PASSWORD_AND_USERNAME
                    : neededUsername ? SpiceError.AUTH_NEEDS_USERNAME : SpiceError.AUTH_NEEDS_PASSWORD;
            String why = switch (code) {
                case AUTH_NEEDS_PASSWORD_AND_USERNAME -> "a username and a password are required";
                case AUTH_NEEDS_USERNAME -> "a username is required";
                default -> neededPassword ? "a password is required"
                        : cause instanceof EOFException ? "the server closed the connection"
                        : "wrong username or password? (" + cause.getMessage() + ")";
            };
            return new SpiceException(code, "SASL authentication failed: " + why, cause);
        }
    }
}
