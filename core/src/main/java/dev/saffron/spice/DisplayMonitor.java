package dev.saffron.spice;

/**
 * One monitor of a display channel (MONITORS_CONFIG): which part of which surface it shows.
 *
 * @param monitorId the monitor's number
 * @param surfaceId the surface it shows
 * @param x         left edge within the surface
 * @param y         top edge within the surface
 * @param width     width in pixels
 * @param height    height in pixels
 */
public record DisplayMonitor(int monitorId, int surfaceId, int x, int y, int width, int height) {
}
