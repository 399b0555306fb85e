package dev.saffron.usbredir;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * USB device filter rules in the format spice-gtk and usbredir use for {@code usb-filter},
 * {@code auto-redirect-filter} and {@code redirect-on-connect}: rules separated by {@code |}, each
 * {@code class,vendor,product,version,allow} with {@code -1} for any value, numbers in C's notation ({@code 0x0781},
 * {@code 010}, {@code 8}). The first rule that matches decides; a device's class is checked unless it is 0 or 0xef
 * (defined per interface), then each interface's class, skipping non-boot HID interfaces of composite devices
 * (unless every interface is one). Immutable.
 */
public final class UsbFilter {
    /** One rule; {@code -1} matches anything. */
    public record Rule(int deviceClass, int vendorId, int productId, int deviceVersionBcd, boolean allow) {
        boolean matches(int candidateClass, int vendor, int product, int version) {
            return (deviceClass == -1 || deviceClass == candidateClass) && (vendorId == -1 || vendorId == vendor)
                    && (productId == -1 || productId == product)
                    && (deviceVersionBcd == -1 || deviceVersionBcd == version);
        }

        @Override
        public String toString() {
            return format(deviceClass, 2) + "," + format(vendorId, 4) + "," + format(productId, 4) + ","
                    + format(deviceVersionBcd, 4) + "," + (allow ? 1 : 0);
        }

        private static String format(int value, int digits) {
            return value == -1 ? "-1" : String.format("0x%0" + digits + "x", value);
        }
    }

    /** A filter's answer for a device. */
    public enum Verdict {
        /** A rule allows it. */
        ALLOW,
        /** A rule refuses it. */
        DENY,
        /** No rule speaks of it. */
        NO_MATCH
    }

    private final List<Rule> rules;

    private UsbFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static UsbFilter of(List<Rule> rules) {
        return new UsbFilter(rules);
    }

    /**
     * Parses rules as usbredir does: empty rules and empty fields are skipped (so {@code "||"} is no rule at all).
     *
     * @throws IllegalArgumentException naming the rule and why, if a rule has other than five numbers or a value
     *                                  out of its range
     */
    public static UsbFilter parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Rule> rules = new ArrayList<>();
        for (String rule : text.split("\\|")) {
            List<String> tokens = new ArrayList<>();
            for (String token : rule.split(",")) {
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
            if (tokens.isEmpty() && rule.isEmpty()) {
                continue;
            }
            if (tokens.size() != 5) {
                throw new IllegalArgumentException("the USB filter rule '" + rule
                        + "' does not have five values: class,vendor,product,version,allow (-1 for any)");
            }
            long[] values = new long[5];
            for (int i = 0; i < 5; i++) {
                values[i] = parseNumber(tokens.get(i), rule);
            }
            check(values[0], 255, "class", rule);
            check(values[1], 65535, "vendor", rule);
            check(values[2], 65535, "product", rule);
            check(values[3], 65535, "version", rule);
            rules.add(new Rule((int) values[0], (int) values[1], (int) values[2], (int) values[3], values[4] != 0));
        }
        return new UsbFilter(rules);
    }

    private static void check(long value, int max, String field, String rule) {
        if (value < -1 || value > max) {
            throw new IllegalArgumentException("the USB filter rule '" + rule + "' has " + field + " " + value
                    + ", outside -1.." + max);
        }
    }

    /** A number as C's strtol with base 0 reads it, the whole token or nothing. */
    private static long parseNumber(String token, String rule) {
        String text = token.stripLeading();
        boolean negative = false;
        if (text.startsWith("-") || text.startsWith("+")) {
            negative = text.charAt(0) == '-';
            text = text.substring(1);
        }
        int radix = 10;
        if (text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X"))) {
            radix = 16;
            text = text.substring(2);
        } else if (text.length() > 1 && text.startsWith("0")) {
            radix = 8;
            text = text.substring(1);
        }
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("the USB filter rule '" + rule + "' has '" + token
                    + "', which is not a number");
        }
        try {
            long value = Long.parseLong(text, radix);
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the USB filter rule '" + rule + "' has '" + token
                    + "', which is not a number", e);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** @return the verdict for a device, as usbredir's {@code usbredirfilter_check} gives it */
    public Verdict check(UsbDeviceInfo device) {
        return check(device, false);
    }

    private Verdict check(UsbDeviceInfo device, boolean keepNonBootHid) {
        if (device.deviceClass() != 0x00 && device.deviceClass() != 0xef) {
            Verdict verdict = first(device.deviceClass(), device);
            if (verdict != Verdict.ALLOW) {
                return verdict;
            }
        }
        List<UsbInterfaceInfo> interfaces = device.interfaces();
        int skipped = 0;
        for (UsbInterfaceInfo each : interfaces) {
            if (!keepNonBootHid && interfaces.size() > 1 && each.interfaceClass() == 0x03 && each.subclass() == 0
                    && each.protocol() == 0) {
                skipped++;
                continue;
            }
            Verdict verdict = first(each.interfaceClass(), device);
            if (verdict != Verdict.ALLOW) {
                return verdict;
            }
        }
        if (!interfaces.isEmpty() && skipped == interfaces.size()) {
            return check(device, true);
        }
        return Verdict.ALLOW;
    }

    private Verdict first(int candidateClass, UsbDeviceInfo device) {
        for (Rule rule : rules) {
            if (rule.matches(candidateClass, device.vendorId(), device.productId(), device.deviceVersionBcd())) {
                return rule.allow() ? Verdict.ALLOW : Verdict.DENY;
            }
        }
        return Verdict.NO_MATCH;
    }

    /** @return whether the filter lets the device through: some rule allows it and none refuses it */
    public boolean allows(UsbDeviceInfo device) {
        return check(device) == Verdict.ALLOW;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UsbFilter that && rules.equals(that.rules);
    }

    @Override
    public int hashCode() {
        return rules.hashCode();
    }

    /** @return the rules in the format {@link #parse} reads */
    @Override
    public String toString() {
        return rules.stream().map(Rule::toString).collect(Collectors.joining("|"));
    }
}
