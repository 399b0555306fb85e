package dev.saffron.gl.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Paints the {@link OverlayMenu}'s page with Java2D (headless: no AWT window is opened) into an image the
 * window shows as a texture, at the platform's content scale so that its text is as large as the desktop's.
 */
public final class MenuPainter {
    private static final int FONT_SIZE = 15;
    private static final int ROW_HEIGHT = 26;
    private static final int PADDING = 14;
    private static final int COLUMN_GAP = 32;
    private static final int MIN_WIDTH = 260;
    private static final Color BACKGROUND = new Color(0x20, 0x22, 0x26, 0xF0);
    private static final Color TITLE = new Color(0x33, 0x36, 0x3C, 0xF8);
    private static final Color SELECTED = new Color(0x2F, 0x6F, 0xD8, 0xFF);
    private static final Color TEXT = new Color(0xF2, 0xF2, 0xF2);
    private static final Color DIM = new Color(0x9A, 0x9E, 0xA6);

    /** A painted page and where it goes. */
    public record Painting(BufferedImage image, MenuLayout layout) {
    }

    /**
     * @param page         the page to paint
     * @param selected     the selected item, or -1
     * @param uiScale      the platform's content scale
     * @param framebufferWidth  where the menu is centred
     * @param framebufferHeight where the menu is centred
     * @return the picture (non-premultiplied ARGB) and its place
     */
    public static Painting paint(OverlayMenu.Page page, int selected, double uiScale, int framebufferWidth,
                                 int framebufferHeight) {
        double scale = uiScale > 0 && Double.isFinite(uiScale) ? uiScale : 1;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(FONT_SIZE * scale));
        Font bold = font.deriveFont(Font.BOLD);
        int rowHeight = (int) Math.round(ROW_HEIGHT * scale);
        int padding = (int) Math.round(PADDING * scale);
        int gap = (int) Math.round(COLUMN_GAP * scale);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        int labels = measure.getFontMetrics(bold).stringWidth(page.title());
        int details = 0;
        for (OverlayMenu.Item item : page.items()) {
            labels = Math.max(labels, metrics.stringWidth(item.label()));
            details = Math.max(details, metrics.stringWidth(item.detail()));
        }
        measure.dispose();
        int rows = Math.max(1, page.items().size());
        int width = Math.max((int) Math.round(MIN_WIDTH * scale), padding * 2 + labels + (details > 0 ? gap + details : 0));
        MenuLayout layout = MenuLayout.centred(Math.min(width, Math.max(1, framebufferWidth)), rowHeight, rowHeight,
                rows, framebufferWidth, framebufferHeight);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, layout.width(), layout.height());
            g.setColor(TITLE);
            g.fillRect(0, 0, layout.width(), layout.titleHeight());
            int baseline = (rowHeight + metrics.getAscent() - metrics.getDescent()) / 2;
            g.setFont(bold);
            g.setColor(TEXT);
            g.drawString(page.title(), padding, baseline);
            g.setFont(font);
            if (page.items().isEmpty()) {
                g.setColor(DIM);
                g.drawString("(nothing here)", padding, layout.titleHeight() + baseline);
            }
            for (int i = 0; i < page.items().size(); i++) {
                OverlayMenu.Item item = page.items().get(i);
                int top = layout.titleHeight() + i * rowHeight;
                if (i == selected) {
                    g.setColor(SELECTED);
                    g.fillRect(0, top, layout.width(), rowHeight);
                }
                g.setColor(item.enabled() ? TEXT : DIM);
                g.drawString(item.label(), padding, top + baseline);
                if (!item.detail().isEmpty()) {
                    g.setColor(i == selected ? TEXT : DIM);
                    g.drawString(item.detail(), layout.width() - padding - metrics.stringWidth(item.detail()),
                            top + baseline);
                }
            }
        } finally {
            g.dispose();
        }
        return new Painting(image, layout);
    }
}
