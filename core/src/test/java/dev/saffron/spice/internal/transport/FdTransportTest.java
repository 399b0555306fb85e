package dev.saffron.spice.internal.transport;

import dev.saffron.spice.SpiceError;
import dev.saffron.spice.SpiceException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Core alone has no file-descriptor access; asking for it says which module to add. */
class FdTransportTest {
    @Test
    void withoutTheNativeBindingsModuleTheErrorNamesIt() {
        assertTrue(FdTransport.access().isEmpty(), "core's own tests run without saffron-native-bindings");
        SpiceException e = assertThrows(SpiceException.class, () -> FdTransport.open(0));
        assertEquals(SpiceError.FAILED, e.error());
        assertTrue(e.getMessage().contains("saffron-native-bindings"), e.getMessage());
    }
}
