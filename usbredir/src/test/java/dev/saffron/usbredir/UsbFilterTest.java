package dev.saffron.usbredir;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter against a table of cases worked out from usbredir's {@code usbredirfilter_check} (which spice-gtk
 * calls with no flags): the first matching rule decides, the device class counts unless it is 0 or 0xef, every
 * interface is checked, non-boot HID interfaces of composite devices are skipped unless all are.
 */
class UsbFilterTest {
    /**
     * A device: {@code class/vendor/product/version} then interfaces as {@code class.subclass.protocol} joined by
     * {@code +}, all hexadecimal.
     */
    private static UsbDeviceInfo device(String text) {
        String[] parts = text.split(" ");
        String[] ids = parts[0].split("/");
        List<UsbInterfaceInfo> interfaces = new ArrayList<>();
        if (parts.length > 1) {
            int number = 0;
            for (String each : parts[1].split("\\+")) {
                String[] fields = each.split("\\.");
                interfaces.add(new UsbInterfaceInfo(number++, Integer.parseInt(fields[0], 16),
                        Integer.parseInt(fields[1], 16), Integer.parseInt(fields[2], 16)));
            }
        }
        return new UsbDeviceInfo(UsbSpeed.HIGH, Integer.parseInt(ids[0], 16), 0, 0, Integer.parseInt(ids[1], 16),
                Integer.parseInt(ids[2], 16), Integer.parseInt(ids[3], 16), interfaces, List.of(), text);
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            // spice-gtk's default auto-redirect filter: no HID, everything else.
            "0x03,-1,-1,-1,0|-1,-1,-1,-1,1; 00/0781/5567/0100 08.06.50; ALLOW",
            "0x03,-1,-1,-1,0|-1,-1,-1,-1,1; 00/046d/c077/0100 03.01.02; DENY",
            // A keyboard with a non-boot HID interface: that one is skipped, the boot one decides.
            "0x03,-1,-1,-1,0|-1,-1,-1,-1,1; 00/046d/c31c/0100 03.01.01+03.00.00; DENY",
            // Only non-boot HID interfaces: then none is skipped.
            "0x03,-1,-1,-1,0|-1,-1,-1,-1,1; 00/1234/0001/0100 03.00.00+03.00.00; DENY",
            // A composite device whose second interface is refused: refused as a whole.
            "0x08,-1,-1,-1,1|0xff,-1,-1,-1,0; 00/0bda/8153/3000 08.06.50+ff.ff.00; DENY",
            // No rule matches: no match, which spice-gtk treats as not allowed.
            "0x08,-1,-1,-1,1; 00/0bda/8153/3000 0e.01.00; NO_MATCH",
            // The device class is checked first when it is not 0 or 0xef.
            "0x09,-1,-1,-1,0|-1,-1,-1,-1,1; 09/1d6b/0002/0100 09.00.00; DENY",
            "0xef,-1,-1,-1,0|-1,-1,-1,-1,1; ef/1d6b/0002/0100 08.06.50; ALLOW",
            // Vendor, product and version, in hex, octal and decimal.
            "-1,0x0781,0x5567,-1,1|-1,-1,-1,-1,0; 00/0781/5567/0100 08.06.50; ALLOW",
            "-1,0x0781,0x5567,-1,1|-1,-1,-1,-1,0; 00/0781/5568/0100 08.06.50; DENY",
            "-1,1921,-1,0400,1; 00/0781/0001/0100 08.06.50; ALLOW",
            "-1,1921,-1,0401,1; 00/0781/0001/0100 08.06.50; NO_MATCH",
            // Empty rules between separators are skipped; the first match wins over later ones.
            "||-1,-1,-1,-1,0||-1,-1,-1,-1,1|; 00/0781/5567/0100 08.06.50; DENY",
            // A device with no interfaces and class 0: nothing to refuse.
            "-1,-1,-1,-1,0; 00/0781/5567/0100; ALLOW",
            // allow is any non-zero number.
            "8,-1,-1,-1,2; 00/0781/5567/0100 08.06.50; ALLOW",
    })
    void verdictsMatchUsbredirs(String rules, String device, UsbFilter.Verdict verdict) {
        assertEquals(verdict, UsbFilter.parse(rules).check(device(device)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "-1,-1,-1,-1; five values",
            "-1,-1,-1,-1,1,1; five values",
            "256,-1,-1,-1,1; class 256",
            "-1,0x10000,-1,-1,1; vendor 65536",
            "-1,-1,-2,-1,1; product -2",
            "-1,-1,-1,0x1ffff,1; version 131071",
            "-1,abc,-1,-1,1; not a number",
            "-1,08,-1,-1,1; not a number",
            "-1,0x,-1,-1,1; not a number",
            "',,,'; five values",
    })
    void malformedRulesAreRefusedWithTheReason(String rules, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UsbFilter.parse(rules));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void rulesReadBackAsWritten() {
        UsbFilter filter = UsbFilter.parse("0x03,-1,-1,-1,0|-1,0x0781,0x5567,0x0100,1");
        assertEquals("0x03,-1,-1,-1,0|-1,0x0781,0x5567,0x0100,1", filter.toString());
        assertEquals(filter, UsbFilter.parse(filter.toString()));
        assertTrue(UsbFilter.parse("").isEmpty());
    }
}
