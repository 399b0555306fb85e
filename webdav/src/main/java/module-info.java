/**
 * The shared folder behind core's webdav channel: a WebDAV server (RFC 4918 class 1 and 2) for one folder,
 * served over each guest connection's in-memory streams.
 */
module dev.saffron.webdav {
    requires transitive dev.saffron.core;
    requires java.xml;

    exports dev.saffron.webdav;
}
