package dev.saffron.webdav.internal;

import dev.saffron.webdav.internal.DeadProperties.Name;
import dev.saffron.webdav.internal.FolderPaths.Resource;
import dev.saffron.webdav.internal.Locks.Lock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The WebDAV methods of RFC 4918 class 1 and 2 on a folder: OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE,
 * PROPFIND, PROPPATCH, LOCK and UNLOCK. In read-only mode every method that would change the folder, its
 * properties or its locks is answered 403. Shared by every guest connection; the lock and property tables are
 * thread-safe, and the file system is the rest of the state.
 */
public final class DavHandler implements HttpConnection.Handler {
    private static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, "
            + "LOCK, UNLOCK";
    private static final Set<String> WRITES = Set.of("PUT", "DELETE", "MKCOL", "COPY", "MOVE", "PROPPATCH", "LOCK",
            "UNLOCK");
    /** Depth-infinity PROPFIND answers at most this many resources (RFC 4918 9.1 lets a server refuse). */
    static final int MAX_PROPFIND_RESOURCES = 10_000;
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofHours(1);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final List<Name> LIVE = List.of(name("creationdate"), name("displayname"),
            name("getcontentlength"), name("getcontenttype"), name("getetag"), name("getlastmodified"),
            name("resourcetype"), name("supportedlock"), name("lockdiscovery"));

    private final FolderPaths paths;
    private final boolean readOnly;
    private final Locks locks = new Locks();
    private final DeadProperties properties = new DeadProperties();

    public DavHandler(FolderPaths paths, boolean readOnly) {
        this.paths = paths;
        this.readOnly = readOnly;
    }

    private static Name name(String local) {
        return new Name(DavXml.DAV, local);
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException, HttpException {
        String method = request.method();
        if (readOnly && WRITES.contains(method)) {
            throw new HttpException(403, "the shared folder is read-only");
        }
        Resource resource = paths.resolve(request.target());
        return switch (method) {
            case "OPTIONS" -> new HttpResponse(200).header("DAV", "1, 2").header("Allow", ALLOW)
                    .header("MS-Author-Via", "DAV");
            case "GET", "HEAD" -> get(resource);
            case "PUT" -> put(request, resource);
            case "DELETE" -> delete(request, resource);
            case "MKCOL" -> mkcol(request, resource);
            case "COPY" -> copyOrMove(request, resource, false);
            case "MOVE" -> copyOrMove(request, resource, true);
            case "PROPFIND" -> propfind(request, resource);
            case "PROPPATCH" -> proppatch(request, resource);
            case "LOCK" -> lock(request, resource);
            case "UNLOCK" -> unlock(request, resource);
            default -> new HttpResponse(405).header("Allow", ALLOW);
        };
    }

    // ---- reading ---------------------------------------------------------------------------------------

    private HttpResponse get(Resource resource) throws IOException, HttpException {
        BasicFileAttributes attributes = attributes(resource.file())
                .orElseThrow(() -> new HttpException(404, "no such file"));
        if (attributes.isDirectory()) {
            StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body><ul>");
            for (Resource child : children(resource)) {
                boolean folder = Files.isDirectory(child.file());
                page.append("<li><a href=\"").append(DavXml.escape(child.href(folder))).append("\">")
                        .append(DavXml.escape(child.name())).append(folder ? "/" : "").append("</a></li>");
            }
            page.append("</ul></body></html>\n");
            return new HttpResponse(200).body(page.toString().getBytes(StandardCharsets.UTF_8),
                    "text/html; charset=utf-8");
        }
        return new HttpResponse(200).file(resource.file(), attributes.size(), contentType(resource))
                .header("ETag", etag(attributes))
                .header("Last-Modified", HTTP_DATE.format(attributes.lastModifiedTime().toInstant()));
    }

    private HttpResponse propfind(HttpRequest request, Resource resource) throws IOException, HttpException {
        Document body = DavXml.parse(request);
        String depth = request.header("depth").orElse("infinity");
        if (!Set.of("0", "1", "infinity").contains(depth)) {
            throw new HttpException(400, "Depth must be 0, 1 or infinity");
        }
        PropfindKind kind = PropfindKind.ALL;
        List<Name> wanted = List.of();
        if (body != null) {
            Element root = body.getDocumentElement();
            if (!DavXml.is(root, DavXml.DAV, "propfind")) {
                throw new HttpException(400, "a PROPFIND body must be a DAV:propfind element");
            }
            List<Element> parts = DavXml.children(root);
            if (parts.isEmpty()) {
                throw new HttpException(400, "an empty DAV:propfind element");
            }
            Element first = parts.getFirst();
            if (DavXml.is(first, DavXml.DAV, "propname")) {
                kind = PropfindKind.NAMES;
            } else if (DavXml.is(first, DavXml.DAV, "prop")) {
                kind = PropfindKind.SOME;
                wanted = DavXml.children(first).stream()
                        .map(e -> new Name(DavXml.namespaceOf(e), e.getLocalName())).toList();
            } else if (!DavXml.is(first, DavXml.DAV, "allprop")) {
                throw new HttpException(400, "DAV:propfind holds allprop, propname or prop");
            }
        }
        if (attributes(resource.file()).isEmpty()) {
            throw new HttpException(404, "no such file");
        }
        List<Resource> found = new ArrayList<>();
        collect(resource, depth.equals("0") ? 0 : depth.equals("1") ? 1 : Integer.MAX_VALUE, found);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<D:multistatus xmlns:D=\"DAV:\">\n");
        for (Resource each : found) {
            Optional<BasicFileAttributes> attributes = attributes(each.file());
            if (attributes.isEmpty()) {
                continue;
            }
            xml.append(propertiesOf(each, attributes.get(), kind, wanted));
        }
        xml.append("</D:multistatus>\n");
        return HttpResponse.xml(207, xml.toString());
    }

    private enum PropfindKind { ALL, NAMES, SOME }

    private void collect(Resource resource, int depth, List<Resource> found) throws IOException, HttpException {
        found.add(resource);
        if (found.size() > MAX_PROPFIND_RESOURCES) {
            throw new HttpException(403, "more than " + MAX_PROPFIND_RESOURCES + " resources: ask with a finite depth");
        }
        if (depth > 0 && Files.isDirectory(resource.file(), LinkOption.NOFOLLOW_LINKS)) {
            for (Resource child : children(resource)) {
                collect(child, depth - 1, found);
            }
        }
    }

    /** @return the folder's entries, leaving out links that lead outside the shared folder */
    private List<Resource> children(Resource folder) throws IOException {
        List<Resource> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.file())) {
            for (Path entry : entries) {
                try {
                    paths.checkConfined(entry);
                } catch (HttpException outside) {
                    continue;
                }
                children.add(folder.child(entry.getFileName().toString(), entry));
            }
        }
        children.sort((a, b) -> a.name().compareTo(b.name()));
        return children;
    }

    private String propertiesOf(Resource resource, BasicFileAttributes attributes, PropfindKind kind,
                                List<Name> wanted) {
        Map<Name, String> dead = properties.of(resource.key());
        Map<Name, String> live = live(resource, attributes);
        StringBuilder found = new StringBuilder();
        StringBuilder missing = new StringBuilder();
        switch (kind) {
            case NAMES -> {
                live.keySet().forEach(name -> found.append(DavXml.empty(name)));
                dead.keySet().forEach(name -> found.append(DavXml.empty(name)));
            }
            case ALL -> {
                live.forEach((name, value) -> found.append(DavXml.open(name)).append(value).append(DavXml.close(name)));
                dead.forEach((name, value) -> found.append(DavXml.open(name)).append(value).append(DavXml.close(name)));
            }
            case SOME -> {
                for (Name name : wanted) {
                    String value = live.containsKey(name) ? live.get(name) : dead.get(name);
                    if (value == null) {
                        missing.append(DavXml.empty(name));
                    } else {
                        found.append(DavXml.open(name)).append(value).append(DavXml.close(name));
                    }
                }
            }
        }
        StringBuilder xml = new StringBuilder("<D:response><D:href>")
                .append(DavXml.escape(resource.href(attributes.isDirectory()))).append("</D:href>");
        if (!found.isEmpty() || missing.isEmpty()) {
            xml.append("<D:propstat><D:prop>").append(found).append("</D:prop><D:status>")
                    .append(HttpStatus.line(200)).append("</D:status></D:propstat>");
        }
        if (!missing.isEmpty()) {
            xml.append("<D:propstat><D:prop>").append(missing).append("</D:prop><D:status>")
                    .append(HttpStatus.line(404)).append("</D:status></D:propstat>");
        }
        return xml.append("</D:response>\n").toString();
    }

    private Map<Name, String> live(Resource resource, BasicFileAttributes attributes) {
        Map<Name, String> live = new LinkedHashMap<>();
        live.put(name("creationdate"), attributes.creationTime().toInstant().toString());
        live.put(name("displayname"), DavXml.escape(resource.name()));
        if (!attributes.isDirectory()) {
            live.put(name("getcontentlength"), Long.toString(attributes.size()));
            live.put(name("getcontenttype"), DavXml.escape(contentType(resource)));
            live.put(name("getetag"), DavXml.escape(etag(attributes)));
        }
        live.put(name("getlastmodified"), HTTP_DATE.format(attributes.lastModifiedTime().toInstant()));
        live.put(name("resourcetype"), attributes.isDirectory() ? "<D:collection/>" : "");
        live.put(name("supportedlock"), "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/>"
                + "</D:locktype></D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype>"
                + "<D:write/></D:locktype></D:lockentry>");
        StringBuilder active = new StringBuilder();
        locks.covering(resource.key()).forEach(lock -> active.append(activeLock(lock)));
        live.put(name("lockdiscovery"), active.toString());
        return live;
    }

    private static String contentType(Resource resource) {
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(resource.name());
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static String etag(BasicFileAttributes attributes) {
        return "\"" + Long.toHexString(attributes.size()) + "-"
                + Long.toHexString(attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS)) + "\"";
    }

    private static Optional<BasicFileAttributes> attributes(Path file) throws IOException {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    // ---- conditions and locks ----------------------------------------------------------------------------

    /**
     * Evaluates the If header (412 when it is false) and checks that every lock in {@code held} has its token
     * submitted (423 otherwise).
     */
    private void checkConditions(HttpRequest request, Resource resource, List<Lock> held) throws HttpException,
            IOException {
        Set<String> submitted = Set.of();
        Optional<String> text = request.header("if");
        if (text.isPresent()) {
            IfHeader header = IfHeader.parse(text.get());
            if (!evaluate(header, resource)) {
                throw new HttpException(412, "the If header's conditions are not met");
            }
            submitted = header.tokens();
        }
        for (Lock lock : held) {
            if (!submitted.contains(lock.token())) {
                throw new HttpException(423, "the resource is locked");
            }
        }
    }

    private boolean evaluate(IfHeader header, Resource requested) throws IOException {
        for (IfHeader.ConditionList list : header.lists()) {
            Resource about = requested;
            if (list.tag() != null) {
                try {
                    about = paths.resolve(list.tag());
                } catch (HttpException e) {
                    continue;
                }
            }
            if (holds(list, about)) {
                return true;
            }
        }
        return false;
    }

    private boolean holds(IfHeader.ConditionList list, Resource about) throws IOException {
        Optional<BasicFileAttributes> attributes = attributes(about.file());
        for (IfHeader.Condition condition : list.conditions()) {
            boolean met = condition.stateToken() != null
                    ? locks.isStateToken(condition.stateToken(), about.key())
                    : attributes.isPresent() && etag(attributes.get()).equals(condition.etag());
            if (met == condition.not()) {
                return false;
            }
        }
        return true;
    }

    /** @return the locks a change to {@code resource} must hold tokens for; its parent's when members change */
    private List<Lock> locksFor(Resource resource, boolean membersChange, boolean subtree) {
        Set<Lock> held = new HashSet<>(locks.covering(resource.key()));
        if (subtree) {
            held.addAll(locks.within(resource.key()));
        }
        if (membersChange && !resource.isRoot()) {
            held.addAll(locks.covering(parent(resource).key()));
        }
        return new ArrayList<>(held);
    }

    private static Resource parent(Resource resource) {
        List<String> segments = resource.segments();
        return new Resource(segments.subList(0, segments.size() - 1), resource.file().getParent());
    }

    // ---- writing -----------------------------------------------------------------------------------------

    private HttpResponse put(HttpRequest request, Resource resource) throws IOException, HttpException {
        if (resource.isRoot() || Files.isDirectory(resource.file())) {
            throw new HttpException(405, "cannot PUT a collection");
        }
        if (!Files.isDirectory(resource.file().getParent())) {
            throw new HttpException(409, "the parent collection does not exist");
        }
        boolean existed = Files.exists(resource.file(), LinkOption.NOFOLLOW_LINKS);
        checkConditions(request, resource, locksFor(resource, !existed, false));
        // Written beside the target and moved over it, so a failed upload never leaves a cut-short file.
        Path part = Files.createTempFile(resource.file().getParent(), ".saffron-put-", ".part");
        try {
            try (InputStream in = request.body(); OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Files.move(part, resource.file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        return new HttpResponse(existed ? 204 : 201);
    }

    private HttpResponse delete(HttpRequest request, Resource resource) throws IOException, HttpException {
        if (resource.isRoot()) {
            throw new HttpException(403, "the shared folder itself cannot be deleted");
        }
        if (!Files.exists(resource.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw new HttpException(404, "no such file");
        }
        checkConditions(request, resource, locksFor(resource, true, true));
        deleteTree(resource.file());
        properties.delete(resource.key());
        locks.removeWithin(resource.key());
        return new HttpResponse(204);
    }

    private static void deleteTree(Path top) throws IOException {
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(top);
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private HttpResponse mkcol(HttpRequest request, Resource resource) throws IOException, HttpException {
        if (request.hasBody()) {
            throw new HttpException(415, "MKCOL with a body is not supported");
        }
        if (resource.isRoot() || Files.exists(resource.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw new HttpException(405, "the resource exists");
        }
        if (!Files.isDirectory(resource.file().getParent())) {
            throw new HttpException(409, "the parent collection does not exist");
        }
        checkConditions(request, resource, locksFor(resource, true, false));
        try {
            Files.createDirectory(resource.file());
        } catch (FileAlreadyExistsException e) {
            throw new HttpException(405, "the resource exists");
        }
        return new HttpResponse(201);
    }

    private HttpResponse copyOrMove(HttpRequest request, Resource source, boolean move)
            throws IOException, HttpException {
        String destinationHeader = request.header("destination")
                .orElseThrow(() -> new HttpException(400, "no Destination header"));
        Resource destination = paths.resolve(destinationHeader);
        String overwrite = request.header("overwrite").orElse("T");
        if (!overwrite.equals("T") && !overwrite.equals("F")) {
            throw new HttpException(400, "Overwrite must be T or F");
        }
        if (!Files.exists(source.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw new HttpException(404, "no such file");
        }
        boolean folder = Files.isDirectory(source.file(), LinkOption.NOFOLLOW_LINKS);
        String depth = request.header("depth").orElse("infinity");
        if (folder && !(depth.equals("infinity") || depth.equals("0") && !move)) {
            throw new HttpException(400, "Depth must be infinity" + (move ? "" : " or 0") + " here");
        }
        if (source.isRoot() || destination.isRoot() || source.key().equals(destination.key())
                || Locks.isAncestor(source.key(), destination.key())) {
            throw new HttpException(403, "the source and the destination overlap");
        }
        if (!Files.isDirectory(destination.file().getParent())) {
            throw new HttpException(409, "the destination's parent collection does not exist");
        }
        boolean replaced = Files.exists(destination.file(), LinkOption.NOFOLLOW_LINKS);
        if (replaced && overwrite.equals("F")) {
            throw new HttpException(412, "the destination exists and Overwrite is F");
        }
        List<Lock> held = new ArrayList<>(locksFor(destination, true, true));
        if (move) {
            held.addAll(locksFor(source, true, true));
        }
        checkConditions(request, source, held);
        if (replaced) {
            deleteTree(destination.file());
            properties.delete(destination.key());
        }
        if (move) {
            Files.move(source.file(), destination.file());
            properties.move(source.key(), destination.key());
            locks.removeWithin(source.key());
        } else {
            copyTree(source.file(), destination.file(), folder && depth.equals("infinity"));
            properties.copy(source.key(), destination.key());
        }
        return new HttpResponse(replaced ? 204 : 201);
    }

    /** Copies files and links as they are: a link is copied as a link, never as what it points to. */
    private static void copyTree(Path from, Path to, boolean deep) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        if (!deep) {
            Files.createDirectory(to);
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectory(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file)), LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private HttpResponse proppatch(HttpRequest request, Resource resource) throws IOException, HttpException {
        Document body = DavXml.parse(request);
        if (body == null || !DavXml.is(body.getDocumentElement(), DavXml.DAV, "propertyupdate")) {
            throw new HttpException(400, "a PROPPATCH body must be a DAV:propertyupdate element");
        }
        if (!Files.exists(resource.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw new HttpException(404, "no such file");
        }
        checkConditions(request, resource, locksFor(resource, false, false));
        Map<Name, String> changes = new LinkedHashMap<>();
        for (Element action : DavXml.children(body.getDocumentElement())) {
            boolean set = DavXml.is(action, DavXml.DAV, "set");
            if (!set && !DavXml.is(action, DavXml.DAV, "remove")) {
                throw new HttpException(400, "DAV:propertyupdate holds set and remove");
            }
            for (Element prop : DavXml.children(action)) {
                if (!DavXml.is(prop, DavXml.DAV, "prop")) {
                    throw new HttpException(400, "set and remove hold DAV:prop");
                }
                for (Element property : DavXml.children(prop)) {
                    Name name = new Name(DavXml.namespaceOf(property), property.getLocalName());
                    changes.remove(name);
                    changes.put(name, set ? DavXml.inner(property) : null);
                }
            }
        }
        boolean protectedChange = changes.keySet().stream().anyMatch(name -> name.namespace().equals(DavXml.DAV));
        int status = protectedChange ? 424 : properties.apply(resource.key(), changes) ? 200 : 507;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus "
                + "xmlns:D=\"DAV:\"><D:response><D:href>")
                .append(DavXml.escape(resource.href(Files.isDirectory(resource.file())))).append("</D:href>");
        for (Name name : changes.keySet()) {
            int each = protectedChange && name.namespace().equals(DavXml.DAV) ? 403 : status;
            xml.append("<D:propstat><D:prop>").append(DavXml.empty(name)).append("</D:prop><D:status>")
                    .append(HttpStatus.line(each)).append("</D:status></D:propstat>");
        }
        xml.append("</D:response></D:multistatus>\n");
        return HttpResponse.xml(207, xml.toString());
    }

    // ---- locks -------------------------------------------------------------------------------------------

    private HttpResponse lock(HttpRequest request, Resource resource) throws IOException, HttpException {
        Document body = DavXml.parse(request);
        Duration timeout = timeout(request.header("timeout"));
        if (body == null) {
            IfHeader header = IfHeader.parse(request.header("if")
                    .orElseThrow(() -> new HttpException(400, "a LOCK without a body refreshes, and needs If")));
            for (String token : header.tokens()) {
                Optional<Lock> refreshed = locks.refresh(token, resource.key(), timeout);
                if (refreshed.isPresent()) {
                    return lockAnswer(200, refreshed.get(), false);
                }
            }
            throw new HttpException(412, "no lock of the If header covers the resource");
        }
        Element info = body.getDocumentElement();
        if (!DavXml.is(info, DavXml.DAV, "lockinfo")) {
            throw new HttpException(400, "a LOCK body must be a DAV:lockinfo element");
        }
        Boolean exclusive = null;
        boolean write = false;
        String owner = "";
        for (Element part : DavXml.children(info)) {
            if (DavXml.is(part, DavXml.DAV, "lockscope")) {
                for (Element scope : DavXml.children(part)) {
                    exclusive = DavXml.is(scope, DavXml.DAV, "exclusive") ? Boolean.TRUE
                            : DavXml.is(scope, DavXml.DAV, "shared") ? Boolean.FALSE : exclusive;
                }
            } else if (DavXml.is(part, DavXml.DAV, "locktype")) {
                write = DavXml.children(part).stream().anyMatch(type -> DavXml.is(type, DavXml.DAV, "write"));
            } else if (DavXml.is(part, DavXml.DAV, "owner")) {
                owner = DavXml.inner(part);
            }
        }
        if (exclusive == null || !write) {
            throw new HttpException(400, "a lock needs a scope (exclusive or shared) and the write type");
        }
        String depth = request.header("depth").orElse("infinity");
        if (!depth.equals("0") && !depth.equals("infinity")) {
            throw new HttpException(400, "Depth must be 0 or infinity");
        }
        boolean exists = Files.exists(resource.file(), LinkOption.NOFOLLOW_LINKS);
        if (!exists && !Files.isDirectory(resource.file().getParent())) {
            throw new HttpException(409, "the parent collection does not exist");
        }
        checkConditions(request, resource, exists ? List.of() : locksFor(resource, true, false));
        boolean folder = exists && Files.isDirectory(resource.file());
        Lock lock = locks.lock(resource.key(), resource.href(folder), exclusive, depth.equals("infinity"), owner,
                timeout);
        if (!exists) {
            // RFC 4918 7.3: locking an unmapped URL makes an empty resource.
            try {
                Files.createFile(resource.file());
            } catch (IOException e) {
                locks.unlock(lock.token(), resource.key());
                throw e;
            }
        }
        return lockAnswer(exists ? 200 : 201, lock, true);
    }

    private static Duration timeout(Optional<String> header) {
        if (header.isEmpty()) {
            return DEFAULT_LOCK_TIMEOUT;
        }
        for (String choice : header.get().split(",")) {
            String value = choice.strip();
            if (value.equalsIgnoreCase("Infinite")) {
                return Locks.MAX_TIMEOUT;
            }
            if (value.regionMatches(true, 0, "Second-", 0, 7)) {
                String digits = value.substring(7);
                if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(Character::isDigit)) {
                    long seconds = Long.parseLong(digits);
                    return seconds <= 0 ? DEFAULT_LOCK_TIMEOUT
                            : Duration.ofSeconds(Math.min(seconds, Locks.MAX_TIMEOUT.toSeconds()));
                }
            }
        }
        return DEFAULT_LOCK_TIMEOUT;
    }

    private static HttpResponse lockAnswer(int status, Lock lock, boolean withToken) {
        HttpResponse response = HttpResponse.xml(status, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>" + activeLock(lock) + "</D:lockdiscovery></D:prop>\n");
        return withToken ? response.header("Lock-Token", "<" + lock.token() + ">") : response;
    }

    private static String activeLock(Lock lock) {
        return "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>"
                + (lock.exclusive() ? "<D:exclusive/>" : "<D:shared/>") + "</D:lockscope><D:depth>"
                + (lock.deep() ? "infinity" : "0") + "</D:depth>"
                + (lock.ownerXml().isEmpty() ? "" : "<D:owner>" + lock.ownerXml() + "</D:owner>")
                + "<D:timeout>Second-" + Math.max(0, Duration.between(Instant.now(), lock.expires()).plusMillis(999).toSeconds())
                + "</D:timeout><D:locktoken><D:href>" + DavXml.escape(lock.token()) + "</D:href></D:locktoken>"
                + "<D:lockroot><D:href>" + DavXml.escape(lock.href()) + "</D:href></D:lockroot></D:activelock>";
    }

    private HttpResponse unlock(HttpRequest request, Resource resource) throws HttpException {
        String token = request.header("lock-token").orElseThrow(() -> new HttpException(400, "no Lock-Token header"));
        if (token.length() < 2 || token.charAt(0) != '<' || token.charAt(token.length() - 1) != '>') {
            throw new HttpException(400, "a Lock-Token is a coded URL, <token>");
        }
        if (!locks.unlock(token.substring(1, token.length() - 1), resource.key())) {
            throw new HttpException(409, "no such lock on the resource");
        }
        return new HttpResponse(204);
    }
}
