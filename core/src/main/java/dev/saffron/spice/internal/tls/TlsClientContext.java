package dev.saffron.spice.internal.tls;

import dev.saffron.spice.SessionConfig;
import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import dev.saffron.spice.VerifyMode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a session's TLS connections share: the trusted CAs, the certificate checks and the protocol
 * and cipher choices, made once from a {@link SessionConfig} the way spice-gtk sets up each channel.
 *
 * <p>Trust: the CA certificates in {@code ca} (PEM) and {@code ca-file} together; if neither yields any,
 * the JDK's default trust store, which is where spice-gtk falls back to OpenSSL's system CA paths. A
 * {@code ca-file} that cannot be read is a warning, not an error, as in spice-gtk; it shows again in the
 * message if the server then turns out untrusted. CAs are only loaded when a name check (subject or
 * host name) is on; a public-key check alone needs none.
 *
 * <p>Protocols: TLS 1.3 and 1.2 (spice-gtk still allows 1.1, which the JDK disables anyway). No client
 * certificate is offered. Thread-safe; one per session.
 */
public final class TlsClientContext {
    private static final System.Logger LOG = System.getLogger(TlsClientContext.class.getName());
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final SSLParameters parameters;

    private TlsClientContext(SSLContext context, SSLParameters parameters) {
        this.context = context;
        this.parameters = parameters;
    }

    /**
     * @throws SpiceException with {@link SpiceError#TLS_FAILED} if no trust can be set up for a name check
     *                        and no public key check could stand in, or the JDK has no TLS
     */
    public static TlsClientContext create(SessionConfig config) throws SpiceException {
        Set<VerifyMode> modes = config.verify().isEmpty() ? EnumSet.noneOf(VerifyMode.class)
                : EnumSet.copyOf(config.verify());
        ServerCertificatePolicy.ChainValidation chain = (certificates, authType) -> {
            throw new CertificateException("no CAs are loaded");
        };
        String trustSource = "no CA";
        if (modes.contains(VerifyMode.SUBJECT) || modes.contains(VerifyMode.HOSTNAME)) {
            try {
                Trust trust = loadTrust(config);
                chain = trust.validation;
                trustSource = trust.description;
            } catch (GeneralSecurityException e) {
                if (!modes.contains(VerifyMode.PUBKEY)) {
                    throw new SpiceException(SpiceError.TLS_FAILED, "no CA certificates could be loaded: " + e, e);
                }
                LOG.log(System.Logger.Level.WARNING, "no CA certificates could be loaded ({0}); "
                        + "checking only the server''s public key", e.toString());
                modes = EnumSet.of(VerifyMode.PUBKEY);
            }
        }
        String host = config.host().orElse("localhost");
        ServerCertificatePolicy policy = new ServerCertificatePolicy(modes, host, config.pubkey(),
                config.certSubject(), chain, trustSource);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PolicyTrustManager(policy)}, null);
            SSLParameters parameters = context.getDefaultSSLParameters();
            List<String> supportedProtocols = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
            parameters.setProtocols(PROTOCOLS.stream().filter(supportedProtocols::contains).toArray(String[]::new));
            if (config.ciphers().isPresent()) {
                List<String> defaults = Arrays.asList(parameters.getCipherSuites());
                List<String> suites = CipherList.select(config.ciphers().get(),
                        Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()), defaults);
                if (suites.equals(defaults)) {
                    LOG.log(System.Logger.Level.WARNING, "ciphers ''{0}'' selects no TLS 1.2 cipher suite Java "
                            + "implements; keeping the defaults", config.ciphers().get());
                }
                parameters.setCipherSuites(suites.toArray(String[]::new));
            }
            return new TlsClientContext(context, parameters);
        } catch (GeneralSecurityException e) {
            throw new SpiceException(SpiceError.TLS_FAILED, "cannot set up TLS: " + e, e);
        }
    }

    /** @return the cipher suites connections offer, in order */
    List<String> cipherSuites() {
        return List.of(parameters.getCipherSuites());
    }

    /**
     * Starts TLS over a connected socket; the caller runs the handshake.
     *
     * @param host the server's host as configured (brackets of an IPv6 literal are dropped for SNI)
     */
    public SSLSocket layer(Socket connected, String host, int port) throws IOException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected, bare, port, true);
        socket.setUseClientMode(true);
        socket.setSSLParameters(parameters);
        return socket;
    }

    private record Trust(ServerCertificatePolicy.ChainValidation validation, String description) {
    }

    private static Trust loadTrust(SessionConfig config) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<byte[]> ca = config.ca();
        if (ca.isPresent()) {
            try {
                List<X509Certificate> found = PemCertificates.read(ca.get());
                certificates.addAll(found);
                if (!found.isEmpty()) {
                    sources.add("the " + found.size() + " CA certificates in ca");
                }
            } catch (CertificateException e) {
                problems.add("ca holds no usable PEM certificates (" + e.getMessage() + ")");
            }
        }
        Optional<Path> caFile = config.caFile();
        if (caFile.isPresent()) {
            try {
                List<X509Certificate> found = PemCertificates.read(Files.readAllBytes(caFile.get()));
                if (found.isEmpty()) {
                    problems.add("ca-file " + caFile.get() + " holds no PEM certificate");
                } else {
                    certificates.addAll(found);
                    sources.add("the CA certificates in ca-file " + caFile.get());
                }
            } catch (IOException | CertificateException e) {
                problems.add("ca-file " + caFile.get() + " cannot be read (" + e.getMessage() + ")");
            }
        }
        problems.forEach(problem -> LOG.log(System.Logger.Level.WARNING, "loading CA certificates: {0}", problem));
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        String description;
        if (certificates.isEmpty()) {
            factory.init((KeyStore) null);
            description = "the JDK's default trust store" + (problems.isEmpty() ? ""
                    : " (used because " + String.join("; ", problems) + ")");
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new KeyStoreSetupException(e);
            }
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            factory.init(store);
            description = String.join(" and ", sources);
        }
        X509ExtendedTrustManager pkix = Arrays.stream(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance).map(X509ExtendedTrustManager.class::cast)
                .findFirst().orElseThrow(() -> new KeyStoreSetupException("the JDK offers no PKIX trust manager"));
        return new Trust(pkix::checkServerTrusted, description);
    }

    /** An in-memory key store that cannot be set up: a broken JDK, reported as a security failure. */
    private static final class KeyStoreSetupException extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;

        KeyStoreSetupException(Throwable cause) {
            super(cause);
        }

        KeyStoreSetupException(String message) {
            super(message);
        }
    }

    /** Hands JSSE's server-certificate callback to the policy; this client never accepts client connections. */
    private static final class PolicyTrustManager extends X509ExtendedTrustManager {
        private final ServerCertificatePolicy policy;

        PolicyTrustManager(ServerCertificatePolicy policy) {
            this.policy = policy;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            policy.check(chain, authType, new Date());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            policy.check(chain, authType, new Date());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            policy.check(chain, authType, new Date());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a SPICE client does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a SPICE client does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a SPICE client does not accept TLS clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
