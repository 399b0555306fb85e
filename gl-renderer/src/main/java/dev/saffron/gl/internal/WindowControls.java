package dev.saffron.gl.internal;

import dev.saffron.gl.Hotkeys;
import dev.saffron.gl.UsbDevices;
import dev.saffron.gl.WindowOptions;
import org.lwjgl.system.MemoryStack;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.lwjgl.glfw.GLFW.GLFW_MOUSE_BUTTON_LEFT;
import static org.lwjgl.glfw.GLFW.glfwGetCursorPos;
import static org.lwjgl.glfw.GLFW.glfwGetWindowContentScale;

/**
 * The window's controls beyond its keyboard and pointer: the zoom, the keys typed for the user (Ctrl+Alt+Del and
 * the others of remote-viewer's "Send key" menu), the USB devices, and the in-window menu that offers them all,
 * drawn over the picture. Owns the menu's texture. Window thread only, with the window's context current.
 */
public final class WindowControls implements KeyboardRouting.Controls, FramePresenter.Overlay, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WindowControls.class.getName());

    /** What the controls ask of the window. */
    public interface Window {
        /** Switches between full screen and a window. */
        void toggleFullScreen();

        /** Lets go of the pointer grab, so that the pointer can work the menu. */
        void releasePointer();

        /** The zoom changed: the window takes its new size, or the guest its new resolution. */
        void zoomChanged();

        /** Draws the next frame: the menu changed. */
        void redraw();
    }

    private final long window;
    private final Hotkeys hotkeys;
    private final Supplier<GuestInputs> inputs;
    private final Window host;
    private final Executor windowThread;
    private final OverlayMenu menu = new OverlayMenu();
    private OverlayTexture texture;
    private boolean textureStale = true;
    private MenuLayout layout;
    private int[] paintedFor = {0, 0};
    private double paintedScale;
    private int zoom;
    private UsbDevices usb;
    private String usbStatus = "";

    /**
     * @param window       the GLFW window
     * @param options      the window's hotkeys and initial zoom
     * @param inputs       the guest's inputs, null while there are none
     * @param host         the window's side
     * @param windowThread runs tasks on the window's thread (the USB futures complete elsewhere)
     */
    public WindowControls(long window, WindowOptions options, Supplier<GuestInputs> inputs, Window host,
                          Executor windowThread) {
        this.window = window;
        this.hotkeys = options.hotkeys();
        this.zoom = options.zoom();
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.host = Objects.requireNonNull(host, "host");
        this.windowThread = Objects.requireNonNull(windowThread, "windowThread");
    }

    /** Gives the menu its USB page and the usb-device-reset hotkey its devices. */
    public void setUsbDevices(UsbDevices devices) {
        usb = Objects.requireNonNull(devices, "devices");
    }

    /** @return the zoom in percent */
    public int zoom() {
        return zoom;
    }

    /** @return the platform's pixels per logical pixel for this window (1 without a HiDPI setting) */
    public double contentScale() {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            FloatBuffer x = stack.mallocFloat(1);
            FloatBuffer y = stack.mallocFloat(1);
            glfwGetWindowContentScale(window, x, y);
            return x.get(0) > 0 ? x.get(0) : 1;
        }
    }

    @Override
    public boolean menuOpen() {
        return menu.isOpen();
    }

    @Override
    public void openMenu() {
        host.releasePointer();
        menu.open(this::rootPage);
        menuChanged();
    }

    @Override
    public void closeMenu() {
        menu.close();
        menuChanged();
    }

    @Override
    public void menuKey(int glfwKey) {
        menu.key(glfwKey);
        menuChanged();
    }

    @Override
    public void secureAttention() {
        KeyCombination.CTRL_ALT_DEL.send(inputs.get());
    }

    @Override
    public boolean resetUsbDevices() {
        if (usb == null) {
            return false;
        }
        usb.disconnectAll();
        return true;
    }

    @Override
    public void zoomIn() {
        setZoom(WindowScaling.zoomIn(zoom));
    }

    @Override
    public void zoomOut() {
        setZoom(WindowScaling.zoomOut(zoom));
    }

    @Override
    public void zoomReset() {
        setZoom(WindowOptions.NORMAL_ZOOM);
    }

    private void setZoom(int percent) {
        if (percent != zoom) {
            zoom = percent;
            LOG.log(System.Logger.Level.INFO, "zoom: {0}%", percent);
            host.zoomChanged();
        }
    }

    /**
     * The pointer moved, in window coordinates.
     *
     * @return whether the menu took it (the guest does not see it)
     */
    public boolean pointerMoved(double x, double y) {
        if (!menu.isOpen()) {
            return false;
        }
        if (layout == null) {
            return true;
        }
        int before = menu.selected();
        double ratio = framebufferPerWindowUnit();
        menu.hover(layout.rowAt(x * ratio, y * ratio));
        if (menu.selected() != before) {
            menuChanged();
        }
        return true;
    }

    /**
     * A mouse button went down or up where the pointer is.
     *
     * @return whether the menu took it
     */
    public boolean button(int glfwButton, boolean pressed) {
        if (!menu.isOpen()) {
            return false;
        }
        if (pressed && glfwButton == GLFW_MOUSE_BUTTON_LEFT && layout != null) {
            double ratio = framebufferPerWindowUnit();
            double fx;
            double fy;
            try (MemoryStack stack = MemoryStack.stackPush()) {
                DoubleBuffer x = stack.mallocDouble(1);
                DoubleBuffer y = stack.mallocDouble(1);
                glfwGetCursorPos(window, x, y);
                fx = x.get(0) * ratio;
                fy = y.get(0) * ratio;
            }
            menu.click(layout.rowAt(fx, fy), layout.contains(fx, fy));
            menuChanged();
        }
        return true;
    }

    /** @return framebuffer pixels per window coordinate: 1 on X11, the output scale on Wayland */
    private double framebufferPerWindowUnit() {
        int[] framebuffer = FramePresenter.framebufferSize(window);
        int[] size = FramePresenter.windowSize(window);
        return size[0] > 0 && framebuffer[0] > 0 ? (double) framebuffer[0] / size[0] : 1;
    }

    @Override
    public void draw(Renderer renderer, int framebufferWidth, int framebufferHeight) {
        if (!menu.isOpen()) {
            layout = null;
            textureStale = true;
            return;
        }
        if (texture == null) {
            texture = new OverlayTexture();
        }
        double scale = contentScale();
        // Painted again only when the menu, the framebuffer or the desktop's scale changed, not every frame.
        if (textureStale || framebufferWidth != paintedFor[0] || framebufferHeight != paintedFor[1]
                || scale != paintedScale) {
            MenuPainter.Painting painting = MenuPainter.paint(menu.page(), menu.selected(), scale, framebufferWidth,
                    framebufferHeight);
            texture.upload(painting.image());
            layout = painting.layout();
            textureStale = false;
            paintedFor = new int[]{framebufferWidth, framebufferHeight};
            paintedScale = scale;
        }
        renderer.drawOverlay(texture, layout.x(), layout.y(), framebufferWidth, framebufferHeight);
    }

    private void menuChanged() {
        textureStale = true;
        host.redraw();
    }

    @Override
    public void close() {
        if (texture != null) {
            texture.close();
        }
    }

    private OverlayMenu.Page rootPage() {
        List<OverlayMenu.Item> items = new ArrayList<>();
        items.add(OverlayMenu.Item.submenu("Send key", this::sendKeyPage));
        items.add(OverlayMenu.Item.action("Full screen", String.valueOf(hotkeys.toggleFullscreen()), host::toggleFullScreen));
        items.add(OverlayMenu.Item.repeatable("Zoom in", String.valueOf(hotkeys.zoomIn()), this::zoomIn));
        items.add(OverlayMenu.Item.repeatable("Zoom out", String.valueOf(hotkeys.zoomOut()), this::zoomOut));
        items.add(OverlayMenu.Item.repeatable("Normal size", zoom + "%  " + String.valueOf(hotkeys.zoomReset()),
                this::zoomReset));
        items.add(OverlayMenu.Item.submenu("USB devices", this::usbPage));
        items.add(OverlayMenu.Item.action("Close menu", String.valueOf(hotkeys.menu()), () -> { }));
        return new OverlayMenu.Page("Saffron", items);
    }

    private OverlayMenu.Page sendKeyPage() {
        List<OverlayMenu.Item> items = new ArrayList<>();
        for (KeyCombination combination : KeyCombination.menu()) {
            String detail = combination.equals(KeyCombination.CTRL_ALT_DEL) ? String.valueOf(hotkeys.secureAttention()) : "";
            items.add(OverlayMenu.Item.action(combination.label(), detail, () -> combination.send(inputs.get())));
        }
        return new OverlayMenu.Page("Send key", items);
    }

    /** The USB page: as remote-viewer's dialog, the auto-redirect state and every device with a check to flip. */
    OverlayMenu.Page usbPage() {
        return usbPage(usb, usbStatus, this::toggleUsb);
    }

    /**
     * @param devices   the devices, or null without USB redirection
     * @param status    the outcome of the last connect or disconnect, or empty
     * @param toggle    plugs a device in or out
     * @return the page, with an honest line for each empty case
     */
    static OverlayMenu.Page usbPage(UsbDevices devices, String status,
                                    Consumer<UsbDevices.Device> toggle) {
        List<OverlayMenu.Item> items = new ArrayList<>();
        if (devices == null) {
            items.add(OverlayMenu.Item.note("USB redirection is off for this session", ""));
            return new OverlayMenu.Page("USB devices", items);
        }
        items.add(OverlayMenu.Item.note(devices.autoRedirect(), ""));
        List<UsbDevices.Device> listed;
        try {
            listed = devices.list();
        } catch (IllegalStateException e) {
            items.add(OverlayMenu.Item.note("cannot list the host's devices: " + e.getMessage(), ""));
            listed = List.of();
        }
        if (listed.isEmpty()) {
            items.add(OverlayMenu.Item.note("no USB devices to redirect", ""));
        }
        for (UsbDevices.Device device : listed) {
            items.add(OverlayMenu.Item.repeatable((device.redirected() ? "[x] " : "[ ] ") + device.description(),
                    device.redirected() ? "in the guest" : "", () -> toggle.accept(device)));
        }
        if (!status.isEmpty()) {
            items.add(OverlayMenu.Item.note(status, ""));
        }
        return new OverlayMenu.Page("USB devices", items);
    }

    private void toggleUsb(UsbDevices.Device device) {
        CompletableFuture<Void> done = device.redirected() ? usb.disconnect(device.id()) : usb.connect(device.id());
        usbStatus = (device.redirected() ? "unplugging " : "plugging in ") + device.description() + "...";
        done.whenComplete((ignored, failure) -> windowThread.execute(() -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            usbStatus = cause == null ? "" : cause.getMessage();
            menu.refresh();
            menuChanged();
        }));
    }
}
