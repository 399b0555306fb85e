package dev.saffron.webdav;

import dev.saffron.webdav.Exchange.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebDAV server over in-memory streams: each test sends raw HTTP/1.1 and reads the raw answers. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FolderServerTest {
    @TempDir
    Path base;
    Path folder;
    Path outside;

    @BeforeEach
    void folders() throws IOException {
        folder = Files.createDirectory(base.resolve("share"));
        outside = Files.writeString(base.resolve("secret.txt"), "outside the share");
    }

    private FolderServer server(boolean readOnly) throws IOException {
        return new FolderServer(folder, readOnly);
    }

    private static String request(String method, String target, String headers, String body) {
        return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Test
    void optionsAnnouncesClassesOneAndTwo() throws IOException {
        Response options = Exchange.one(server(false), request("OPTIONS", "/", "", ""));
        assertEquals(200, options.status());
        assertEquals("1, 2", options.header("DAV"));
        assertTrue(options.header("Allow").contains("PROPPATCH"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        List<Response> answers = Exchange.run(server(false), request("PUT", "/a%20b.txt", "", "hello")
                + request("GET", "/a%20b.txt", "", "") + request("PUT", "/a%20b.txt", "", "again")
                + request("DELETE", "/a%20b.txt", "", "") + request("GET", "/a%20b.txt", "", ""));
        assertEquals(List.of(201, 200, 204, 204, 404), answers.stream().map(Response::status).toList());
        assertEquals("hello", answers.get(1).text());
        assertFalse(Files.exists(folder.resolve("a b.txt")));
    }

    @Test
    void chunkedUploadsWithExpectContinueAreStored() throws IOException {
        String put = "PUT /c.bin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
                + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\n";
        byte[] bytes = put.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        server(false).serve(new java.io.ByteArrayInputStream(bytes), raw);
        String text = raw.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 "), text);
        assertEquals("hello world", Files.readString(folder.resolve("c.bin")));
    }

    @Test
    void collectionsAndPropfindAtEachDepth() throws IOException {
        FolderServer server = server(false);
        List<Response> made = Exchange.run(server, request("MKCOL", "/d", "", "") + request("MKCOL", "/d", "", "")
                + request("MKCOL", "/x/y", "", "") + request("PUT", "/d/f.txt", "", "12345"));
        assertEquals(List.of(201, 405, 409, 201), made.stream().map(Response::status).toList());
        Response depth0 = Exchange.one(server, request("PROPFIND", "/d/", "Depth: 0\r\n", ""));
        assertEquals(207, depth0.status());
        assertEquals(1, count(depth0.text(), "<D:response>"));
        assertTrue(depth0.text().contains("<D:collection/>"));
        Response depth1 = Exchange.one(server, request("PROPFIND", "/d/", "Depth: 1\r\n",
                "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><prop><getcontentlength/><x:nope xmlns:x=\"urn:x\"/>"
                        + "</prop></propfind>"));
        assertEquals(2, count(depth1.text(), "<D:response>"));
        assertTrue(depth1.text().contains("<D:href>/d/f.txt</D:href>"), depth1.text());
        assertTrue(depth1.text().contains("<D:getcontentlength>5</D:getcontentlength>"), depth1.text());
        assertTrue(depth1.text().contains("HTTP/1.1 404 Not Found"), "the unknown property is listed as missing");
        Response infinity = Exchange.one(server, request("PROPFIND", "/", "", ""));
        assertEquals(3, count(infinity.text(), "<D:response>"));
        assertEquals(400, Exchange.one(server, request("PROPFIND", "/", "", "<propfind")).status());
    }

    @Test
    void propertiesAreSetReadCopiedWithTheResourceAndRemoved() throws IOException {
        FolderServer server = server(false);
        Exchange.one(server, request("PUT", "/p", "", "x"));
        String set = "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:t=\"urn:test\"><D:set><D:prop>"
                + "<t:colour>red &amp; blue</t:colour><t:nested><v xmlns=\"urn:inner\">1</v></t:nested>"
                + "<plain xmlns=\"\">no namespace</plain></D:prop></D:set></D:propertyupdate>";
        Response patched = Exchange.one(server, request("PROPPATCH", "/p", "", set));
        assertEquals(207, patched.status());
        assertEquals(3, count(patched.text(), "HTTP/1.1 200 OK"));
        Exchange.one(server, request("COPY", "/p", "Destination: http://localhost/q\r\n", ""));
        Response got = Exchange.one(server, request("PROPFIND", "/q", "Depth: 0\r\n",
                "<propfind xmlns=\"DAV:\"><prop><colour xmlns=\"urn:test\"/><nested xmlns=\"urn:test\"/>"
                        + "<plain xmlns=\"\"/></prop></propfind>"));
        assertTrue(got.text().contains(">red &amp; blue</P:colour>"), got.text());
        assertTrue(got.text().contains("<v xmlns=\"urn:inner\">1</v>"), got.text());
        assertTrue(got.text().contains("<plain xmlns=\"\">no namespace</plain>"), got.text());
        String remove = "<D:propertyupdate xmlns:D=\"DAV:\"><D:remove><D:prop><colour xmlns=\"urn:test\"/></D:prop>"
                + "</D:remove></D:propertyupdate>";
        assertEquals(207, Exchange.one(server, request("PROPPATCH", "/q", "", remove)).status());
        Response after = Exchange.one(server, request("PROPFIND", "/q", "Depth: 0\r\n",
                "<propfind xmlns=\"DAV:\"><prop><colour xmlns=\"urn:test\"/></prop></propfind>"));
        assertTrue(after.text().contains("404 Not Found"), after.text());
        Response live = Exchange.one(server, request("PROPPATCH", "/q", "",
                "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><D:getetag>x</D:getetag></D:prop></D:set>"
                        + "</D:propertyupdate>"));
        assertTrue(live.text().contains("403 Forbidden"), "a live property cannot be set: " + live.text());
    }

    @Test
    void copyAndMoveHonourOverwriteAndDepth() throws IOException {
        FolderServer server = server(false);
        Exchange.run(server, request("MKCOL", "/src", "", "") + request("PUT", "/src/f", "", "data")
                + request("PUT", "/other", "", "other"));
        List<Response> answers = Exchange.run(server,
                request("COPY", "/src/", "Destination: /dst/\r\n", "")
                        + request("COPY", "/src/", "Destination: /dst/\r\nOverwrite: F\r\n", "")
                        + request("COPY", "/src/", "Destination: /shallow/\r\nDepth: 0\r\n", "")
                        + request("MOVE", "/other", "Destination: /dst/f\r\n", "")
                        + request("MOVE", "/src/", "Destination: /src/inside/\r\n", "")
                        + request("COPY", "/src/f", "Destination: /none/f\r\n", ""));
        assertEquals(List.of(201, 412, 201, 204, 403, 409), answers.stream().map(Response::status).toList());
        assertEquals("data", Files.readString(folder.resolve("src/f")));
        assertEquals("other", Files.readString(folder.resolve("dst/f")));
        assertTrue(Files.isDirectory(folder.resolve("shallow")));
        assertFalse(Files.exists(folder.resolve("shallow/f")));
        assertFalse(Files.exists(folder.resolve("other")));
    }

    @Test
    void locksGuardWritesUntilTheirTokenIsSubmitted() throws IOException {
        FolderServer server = server(false);
        String lockBody = "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                + "<D:locktype><D:write/></D:locktype><D:owner><D:href>me</D:href></D:owner></D:lockinfo>";
        Response locked = Exchange.one(server, request("LOCK", "/l.txt", "Timeout: Second-600\r\n", lockBody));
        assertEquals(201, locked.status(), "locking an unmapped URL creates it");
        String token = locked.header("Lock-Token");
        assertTrue(token.startsWith("<urn:uuid:"), token);
        assertTrue(locked.text().contains("<D:owner><D:href xmlns:D=\"DAV:\">me</D:href></D:owner>"), locked.text());
        assertTrue(locked.text().contains("<D:timeout>Second-600</D:timeout>"), locked.text());
        List<Response> answers = Exchange.run(server, request("PUT", "/l.txt", "", "no token")
                + request("PUT", "/l.txt", "If: (" + token + ")\r\n", "with token")
                + request("PUT", "/l.txt", "If: (<urn:uuid:wrong>)\r\n", "wrong")
                + request("LOCK", "/l.txt", "", lockBody)
                + request("DELETE", "/l.txt", "", "")
                + request("PUT", "/free.txt", "If: (<DAV:no-lock>)\r\n", "x")
                + request("PUT", "/free.txt", "If: (Not <DAV:no-lock>)\r\n", "x")
                + request("LOCK", "/l.txt", "If: (" + token + ")\r\nTimeout: Second-100\r\n", "")
                + request("UNLOCK", "/l.txt", "Lock-Token: <urn:uuid:wrong>\r\n", "")
                + request("UNLOCK", "/l.txt", "Lock-Token: " + token + "\r\n", "")
                + request("PUT", "/l.txt", "", "free again"));
        assertEquals(List.of(423, 204, 412, 423, 423, 412, 201, 200, 409, 204, 204),
                answers.stream().map(Response::status).toList());
        assertEquals("free again", Files.readString(folder.resolve("l.txt")));
    }

    @Test
    void aDepthInfinityLockOnACollectionGuardsItsMembers() throws IOException {
        FolderServer server = server(false);
        Exchange.one(server, request("MKCOL", "/c", "", ""));
        Response locked = Exchange.one(server, request("LOCK", "/c/", "",
                "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/>"
                        + "</D:locktype></D:lockinfo>"));
        String token = locked.header("Lock-Token");
        List<Response> answers = Exchange.run(server, request("PUT", "/c/m", "", "x")
                + request("PUT", "/c/m", "If: <http://localhost/c/> (" + token + ")\r\n", "x")
                + request("LOCK", "/c/m", "", "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/></D:lockscope>"
                        + "<D:locktype><D:write/></D:locktype></D:lockinfo>")
                + request("LOCK", "/c/m", "", "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
                        + "</D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>"));
        assertEquals(List.of(423, 201, 200, 423), answers.stream().map(Response::status).toList());
        Response discovered = Exchange.one(server, request("PROPFIND", "/c/m", "Depth: 0\r\n",
                "<propfind xmlns=\"DAV:\"><prop><lockdiscovery/></prop></propfind>"));
        assertEquals(2, count(discovered.text(), "<D:activelock>"), "both shared locks cover the member");
    }

    @Test
    void readOnlyRefusesEveryWriteAndLeavesTheFolderAlone() throws IOException {
        Files.writeString(folder.resolve("keep.txt"), "kept");
        FolderServer server = server(true);
        List<Response> answers = Exchange.run(server, request("PUT", "/keep.txt", "", "changed")
                + request("PUT", "/new.txt", "", "new") + request("DELETE", "/keep.txt", "", "")
                + request("MKCOL", "/dir", "", "") + request("COPY", "/keep.txt", "Destination: /copy\r\n", "")
                + request("MOVE", "/keep.txt", "Destination: /moved\r\n", "")
                + request("PROPPATCH", "/keep.txt", "", "<D:propertyupdate xmlns:D=\"DAV:\"/>")
                + request("LOCK", "/keep.txt", "", "") + request("UNLOCK", "/keep.txt", "Lock-Token: <x>\r\n", "")
                + request("GET", "/keep.txt", "", ""));
        assertEquals(List.of(403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
                answers.stream().map(Response::status).toList());
        assertEquals("kept", answers.getLast().text());
        try (var files = Files.list(folder)) {
            assertEquals(List.of(folder.resolve("keep.txt")), files.toList());
        }
        assertEquals("kept", Files.readString(folder.resolve("keep.txt")));
    }

    @Test
    void traversalNeverReachesAFileOutsideTheFolder() throws IOException {
        Files.createSymbolicLink(folder.resolve("out"), outside);
        Files.createSymbolicLink(folder.resolve("outdir"), base);
        Files.writeString(folder.resolve("in.txt"), "inside");
        Files.createSymbolicLink(folder.resolve("in-link"), folder.resolve("in.txt"));
        FolderServer server = server(false);
        for (String target : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/a/../../secret.txt", "/%2e%2e%2fsecret.txt", "//secret.txt", "/out", "/outdir/secret.txt",
                "/./in.txt", "/%2e/in.txt", "/in.txt%00", "/..%5csecret.txt", "http://evil/../secret.txt",
                "/in.txt#frag", "secret.txt", base.resolve("secret.txt").toString())) {
            Response answer = Exchange.one(server, request("GET", target, "", ""));
            assertFalse(answer.text().contains("outside the share"), target + " reached the secret");
            assertTrue(answer.status() == 400 || answer.status() == 403 || answer.status() == 404,
                    target + ": " + answer.status());
        }
        assertEquals("inside", Exchange.one(server, request("GET", "/in-link", "", "")).text(),
                "a link that stays inside is followed");
        Response writeOut = Exchange.one(server, request("PUT", "/outdir/new.txt", "", "escape"));
        assertEquals(403, writeOut.status());
        assertFalse(Files.exists(base.resolve("new.txt")));
        Response listing = Exchange.one(server, request("PROPFIND", "/", "Depth: 1\r\n", ""));
        assertFalse(listing.text().contains("/out<") || listing.text().contains("/outdir/"),
                "links out are not listed: " + listing.text());
        Response copyOut = Exchange.one(server, request("COPY", "/in.txt", "Destination: /../copied\r\n", ""));
        assertEquals(403, copyOut.status());
        assertFalse(Files.exists(base.resolve("copied")));
    }

    @Test
    void oversizedRequestLinesAndHeaderFloodsEndOnlyTheirConnection() throws IOException {
        FolderServer server = server(false);
        String longLine = "GET /" + "a".repeat(1024 * 1024) + " HTTP/1.1\r\n\r\n";
        List<Response> line = Exchange.run(server, longLine + request("GET", "/", "", ""));
        assertEquals(1, line.size(), "the connection ends after the refusal");
        assertEquals(414, line.getFirst().status());
        assertEquals("close", line.getFirst().header("Connection"));
        StringBuilder flood = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 10_000; i++) {
            flood.append("X-Flood-").append(i).append(": y\r\n");
        }
        List<Response> headers = Exchange.run(server, flood + "\r\n");
        assertEquals(431, headers.getFirst().status());
        assertEquals(400, Exchange.one(server, "GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
                .status());
        assertEquals(505, Exchange.one(server, "GET / HTTP/2.0\r\n\r\n").status());
        // The server itself goes on: a fresh connection is served.
        assertEquals(200, Exchange.one(server, request("OPTIONS", "/", "", "")).status());
    }

    @Test
    void headAnswersWithTheLengthAndNoBody() throws IOException {
        byte[] content = new byte[100_000];
        new java.util.Random(1).nextBytes(content);
        Files.write(folder.resolve("big.bin"), content);
        FolderServer server = server(false);
        List<Response> answers = Exchange.run(server, (request("GET", "/big.bin", "", "")
                + request("HEAD", "/big.bin", "", "")).getBytes(StandardCharsets.UTF_8), true);
        assertArrayEquals(content, answers.get(0).body());
        assertEquals("100000", answers.get(1).header("Content-Length"));
        assertEquals(0, answers.get(1).body().length);
    }

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
