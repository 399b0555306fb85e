package dev.saffron.viewer;

import dev.saffron.spice.SessionConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A virt-viewer connection file ({@code .vv}), as oVirt, Proxmox VE and virt-manager hand them out: a
 * GLib key file whose {@code [virt-viewer]} group describes one SPICE connection. Every documented key
 * that Saffron has a use for is read; keys it knows but has no use for yet are kept (see
 * {@link #keptSettings()}); unknown keys and groups give warnings, not errors.
 *
 * <p>Values follow GLib's key-file rules: {@code \n}, {@code \t}, {@code \r}, {@code \s} and {@code \\}
 * escapes, lists separated by {@code ;}, booleans as {@code 1}/{@code 0} or {@code true}/{@code false}.
 * Instances are immutable; {@link #toString()} and error messages never show the password.
 */
final class VvFile {
    /** A connection file is a few kilobytes; a CA bundle makes it larger, not this large. */
    static final int MAX_BYTES = 1024 * 1024;
    static final String GROUP = "virt-viewer";

    /** The keys that set the connection, handled by {@link #applyTo}. */
    private static final Set<String> CONNECTION_KEYS = Set.of("type", "host", "port", "tls-port", "username",
            "password", "ca", "host-subject", "tls-ciphers", "proxy", "secure-channels", "disable-effects",
            "color-depth", "enable-audio", "enable-usbredir", "enable-smartcard");
    /**
     * The window's keys, for the viewer window: title, full screen and the full-screen monitor mapping, which
     * remote-viewer reads from its settings file and Saffron from the connection file too.
     */
    private static final Set<String> WINDOW_KEYS = Set.of("title", "fullscreen", "monitor-mapping");
    /** virt-viewer's hotkey keys, values in spice-gtk's hotkey syntax such as {@code shift+f11}. */
    static final Set<String> HOTKEY_KEYS = Set.of("toggle-fullscreen", "release-cursor", "secure-attention",
            "smartcard-insert", "smartcard-remove", "usb-device-reset", "zoom-in", "zoom-out", "zoom-reset");
    /** Documented keys Saffron reads and keeps but does not act on yet. */
    private static final Set<String> KEPT_KEYS = Set.of("disable-channels", "enable-usb-autoshare", "usb-filter",
            "version", "versions", "newer-version-url", "delete-this-file");
    private static final Set<String> BOOLEAN_KEYS = Set.of("fullscreen", "enable-audio", "enable-usbredir",
            "enable-smartcard", "enable-usb-autoshare", "delete-this-file");
    private static final Set<String> INTEGER_KEYS = Set.of("port", "tls-port", "color-depth");

    private final String source;
    private final Map<String, String> values;
    private final List<String> warnings;
    private final Map<Integer, Integer> monitorMapping;

    private VvFile(String source, Map<String, String> values, List<String> warnings,
                   Map<Integer, Integer> monitorMapping) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.warnings = List.copyOf(warnings);
        this.monitorMapping = monitorMapping;
    }

    /**
     * Reads a file, and deletes it afterwards if it says {@code delete-this-file=1}, as virt-viewer does
     * (Proxmox's files carry a one-time password).
     *
     * @throws UsageException when the file cannot be read or is not a SPICE connection file
     */
    static VvFile read(Path file) throws UsageException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException(file + ": larger than " + MAX_BYTES + " bytes, not a connection file");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        VvFile parsed = parse(decode(bytes, file.toString()), file.toString());
        if (parsed.flag("delete-this-file").orElse(false)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UsageException(file + " asks to be deleted, which failed: " + e.getMessage());
            }
        }
        return parsed;
    }

    /**
     * Reads a connection file from a stream, such as standard input ({@code saffron -}); there is no file
     * to delete then.
     */
    static VvFile read(InputStream in, String source) throws UsageException {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UsageException("cannot read " + source + ": " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new UsageException(source + ": more than " + MAX_BYTES + " bytes, not a connection file");
        }
        return parse(decode(bytes, source), source);
    }

    private static String decode(byte[] bytes, String source) throws UsageException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(source + ": not a connection file (not UTF-8 text)");
        }
    }

    /**
     * @param text   the file's contents
     * @param source the file's name, for messages
     * @throws UsageException naming the line when the text is not a key file, lacks the
     *                        {@code [virt-viewer]} group, is not of {@code type=spice}, or has a value of the
     *                        wrong kind
     */
    static VvFile parse(String text, String source) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Set<String> otherGroups = new LinkedHashSet<>();
        String group = null;
        boolean sawGroup = false;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new UsageException(source + ": line " + number + ": malformed group header");
                }
                group = line.substring(1, line.length() - 1);
                sawGroup |= group.equals(GROUP);
                if (!group.equals(GROUP)) {
                    otherGroups.add(group);
                }
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(source + ": line " + number
                        + ": expected key=value, a [group] header or a # comment");
            }
            if (group == null) {
                throw new UsageException(source + ": line " + number + ": key before the first [group] header");
            }
            String key = line.substring(0, equals).strip();
            if (!group.equals(GROUP) || key.contains("[")) {
                continue;
            }
            values.put(key, unescape(line.substring(equals + 1).strip(), source, number, key));
        }
        if (!sawGroup) {
            throw new UsageException(source + ": not a virt-viewer connection file (no [" + GROUP + "] group)");
        }
        otherGroups.forEach(other -> warnings.add(source + ": ignoring the [" + other + "] group"));
        for (String key : values.keySet()) {
            if (!CONNECTION_KEYS.contains(key) && !WINDOW_KEYS.contains(key) && !HOTKEY_KEYS.contains(key)
                    && !KEPT_KEYS.contains(key)) {
                warnings.add(source + ": ignoring unknown key '" + printable(key) + "'");
            }
        }
        warnings.addAll(missingFeatureWarnings(values, source));
        String mapping = values.get("monitor-mapping");
        VvFile file = new VvFile(source, values, warnings,
                mapping == null ? Map.of() : MonitorMapping.parse(mapping, source));
        file.check();
        return file;
    }

    /**
     * @return a warning for each key that asks for something Saffron cannot do yet, so that a file from oVirt
     *         or Proxmox still opens, and the user learns what is missing instead of finding it silently absent
     */
    private static List<String> missingFeatureWarnings(Map<String, String> values, String source) {
        List<String> out = new ArrayList<>();
        if (values.containsKey("disable-channels")) {
            out.add(source + ": disable-channels is not supported yet; every channel Saffron knows is opened");
        }
        if (values.containsKey("color-depth")) {
            out.add(source + ": color-depth is deprecated and ignored, as in spice-gtk");
        }
        return out;
    }

    /** A boolean value as the file gives it; a malformed one is reported by {@link #check()}. */
    private static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** GLib's key-file escapes; any other backslash sequence is an error there too. */
    private static String unescape(String raw, String source, int line, String key) throws UsageException {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= raw.length()) {
                throw new UsageException(source + ": line " + line + ": the value of " + printable(key)
                        + " ends with a lone backslash");
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 's' -> out.append(' ');
                case '\\' -> out.append('\\');
                case ';' -> out.append("\\;");
                default -> throw new UsageException(source + ": line " + line + ": the value of " + printable(key)
                        + " has an unknown escape \\" + printable(String.valueOf(next)));
            }
        }
        return out.toString();
    }

    /** Key names go into messages; control characters do not. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(60).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private void check() throws UsageException {
        String type = values.get("type");
        if (type == null) {
            throw new UsageException(source + ": the [" + GROUP + "] group has no type key");
        }
        if (!type.equalsIgnoreCase("spice")) {
            throw new UsageException(source + ": type=" + printable(type) + " is not supported, only type=spice");
        }
        for (String key : BOOLEAN_KEYS) {
            flag(key);
        }
        for (String key : INTEGER_KEYS) {
            integer(key);
        }
        if (!values.containsKey("host") && !values.containsKey("port") && !values.containsKey("tls-port")) {
            throw new UsageException(source + ": names no server (host, port, tls-port)");
        }
    }

    /** @return the boolean value of {@code key}, 1/0 or true/false as GLib and virt-viewer accept */
    private Optional<Boolean> flag(String key) throws UsageException {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> Optional.of(true);
            case "0", "false" -> Optional.of(false);
            default -> throw new UsageException(source + ": " + key + " must be 1, 0, true or false, not '"
                    + printable(value) + "'");
        };
    }

    private Optional<Integer> integer(String key) throws UsageException {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new UsageException(source + ": " + key + " must be a number, not '" + printable(value) + "'");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(";")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    /**
     * Sets the connection the file describes on {@code builder}: server, credentials (a ticket for one use when
     * it says {@code delete-this-file}), TLS checks, proxy and channel settings. The file names the server completely, so any host, port, TLS port or unix
     * path set before is replaced.
     *
     * @throws UsageException when a value is out of range; the message names the key, never the password
     */
    @SuppressWarnings("deprecation")
    void applyTo(SessionConfig.Builder builder) throws UsageException {
        builder.unixPath(null).clearPort().clearTlsPort();
        String key = "";
        try {
            key = "host";
            value("host").ifPresent(builder::host);
            key = "port";
            integer("port").ifPresent(builder::port);
            key = "tls-port";
            integer("tls-port").ifPresent(builder::tlsPort);
            key = "username";
            value("username").ifPresent(builder::username);
            key = "password";
            value("password").ifPresent(builder::password);
            key = "ca";
            value("ca").ifPresent(pem -> builder.ca(pem.getBytes(StandardCharsets.US_ASCII)));
            key = "host-subject";
            value("host-subject").ifPresent(builder::certSubject);
            key = "tls-ciphers";
            value("tls-ciphers").ifPresent(builder::ciphers);
            key = "proxy";
            value("proxy").ifPresent(builder::proxy);
            key = "secure-channels";
            value("secure-channels").ifPresent(channels -> builder.secureChannelNames(list(channels)));
            key = "disable-effects";
            value("disable-effects").ifPresent(effects -> builder.disableEffects(new LinkedHashSet<>(list(effects))));
            key = "color-depth";
            integer("color-depth").ifPresent(builder::colorDepth);
            flag("enable-audio").ifPresent(builder::audioEnabled);
            flag("enable-usbredir").ifPresent(builder::usbredirEnabled);
            flag("enable-smartcard").ifPresent(builder::smartcardEnabled);
            // A file meant to be deleted once read carries a ticket meant to be used once (Proxmox's do).
            builder.singleUseTicket(isTrue(values.get("delete-this-file")));
            key = "";
            builder.build();
        } catch (IllegalArgumentException e) {
            String what = key.equals("password") ? "the password is not usable (at most 60 bytes, no NUL)"
                    : e.getMessage();
            throw new UsageException(source + ": " + (key.isEmpty() || key.equals("password") ? "" : key + ": ")
                    + what);
        }
    }

    private Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @return where the file came from, for messages */
    String source() {
        return source;
    }

    /** @return the warnings about groups and keys the file has and Saffron ignores */
    List<String> warnings() {
        return warnings;
    }

    /** @return virt-viewer's {@code title}: the window title to use instead of the guest's name */
    Optional<String> title() {
        return value("title");
    }

    /** @return virt-viewer's {@code fullscreen}: whether to start in full screen */
    boolean fullscreen() {
        return "1".equals(values.get("fullscreen")) || "true".equalsIgnoreCase(values.get("fullscreen"));
    }

    /**
     * @return remote-viewer's {@code monitor-mapping}, guest display → host monitor counted from 0, for full
     *         screen; empty when the file has none
     */
    Map<Integer, Integer> monitorMapping() {
        return monitorMapping;
    }

    /**
     * @return the file's hotkeys by virt-viewer's action name ({@code toggle-fullscreen},
     *         {@code release-cursor}, {@code secure-attention}, ...), values in spice-gtk's hotkey syntax
     */
    Map<String, String> hotkeys() {
        Map<String, String> hotkeys = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (HOTKEY_KEYS.contains(key)) {
                hotkeys.put(key, value);
            }
        });
        return Collections.unmodifiableMap(hotkeys);
    }

    /**
     * @return documented keys the window reads itself ({@code usb-filter}, {@code enable-usb-autoshare}) or has no
     *         feature for yet ({@code disable-channels})
     */
    Map<String, String> keptSettings() {
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (KEPT_KEYS.contains(key)) {
                kept.put(key, value);
            }
        });
        return Collections.unmodifiableMap(kept);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("VvFile[").append(source);
        values.forEach((key, value) -> out.append(", ").append(key).append('=')
                .append(key.equals("password") ? "<redacted>" : key.equals("ca") ? "<pem>" : value));
        return out.append(']').toString();
    }
}
