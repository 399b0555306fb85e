/** The interactive viewer window: a SPICE session's display drawn with OpenGL in a GLFW window. */
module dev.saffron.gl {
    requires transitive dev.saffron.core;
    requires org.lwjgl;
    requires org.lwjgl.glfw;
    requires org.lwjgl.opengl;
    // Java2D paints the in-window menu's text and the "reconnecting…" notice into textures (no AWT window is
    // opened); ImageIO converts clipboard images between the formats the guest and host programs offer.
    requires java.desktop;
    // saffron.KeyToPresent, the latency from a key to the frame that shows the guest's answer.
    requires jdk.jfr;

    exports dev.saffron.gl;
}
