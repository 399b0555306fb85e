package dev.saffron.webdav.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The write locks of RFC 4918 (class 2), held in memory: they last as long as the server, like phodav's. A lock
 * is on a resource key ({@link FolderPaths.Resource#key()}), exclusive or shared, of depth 0 or infinity, and
 * expires after its timeout unless refreshed. Thread-safe: every guest connection shares one table.
 */
public final class Locks {
    /** The longest timeout granted, whatever the client asks for, so a forgotten lock does not last forever. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(7);
    /** At most this many locks; a guest cannot grow the table without bound. */
    static final int MAX_LOCKS = 10_000;

    /** One lock; {@code ownerXml} is the client's owner element content, returned as given. */
    public record Lock(String token, String key, String href, boolean exclusive, boolean deep, String ownerXml,
                       Duration timeout, Instant expires) {
        boolean covers(String resource) {
            return key.equals(resource) || deep && isAncestor(key, resource);
        }

        Lock refreshed(Duration newTimeout, Instant now) {
            return new Lock(token, key, href, exclusive, deep, ownerXml, newTimeout, now.plus(newTimeout));
        }
    }

    private final Map<String, Lock> byToken = new LinkedHashMap<>();

    static boolean isAncestor(String ancestor, String key) {
        return ancestor.equals("/") ? !key.equals("/") : key.startsWith(ancestor + "/");
    }

    /**
     * @return the new lock
     * @throws HttpException 423 when a lock that conflicts is held
     */
    public synchronized Lock lock(String key, String href, boolean exclusive, boolean deep, String ownerXml,
                                  Duration timeout) throws HttpException {
        Instant now = Instant.now();
        expire(now);
        for (Lock held : byToken.values()) {
            boolean overlaps = held.covers(key) || deep && isAncestor(key, held.key()) || held.key().equals(key);
            if (overlaps && (exclusive || held.exclusive())) {
                throw new HttpException(423, "the resource is locked");
            }
        }
        if (byToken.size() >= MAX_LOCKS) {
            throw new HttpException(503, "too many locks");
        }
        Lock lock = new Lock("urn:uuid:" + UUID.randomUUID(), key, href, exclusive, deep, ownerXml, timeout,
                now.plus(timeout));
        byToken.put(lock.token(), lock);
        return lock;
    }

    /** @return the lock with {@code token} covering {@code key}, refreshed; empty if there is none */
    public synchronized Optional<Lock> refresh(String token, String key, Duration timeout) {
        Instant now = Instant.now();
        expire(now);
        Lock held = byToken.get(token);
        if (held == null || !held.covers(key)) {
            return Optional.empty();
        }
        Lock refreshed = held.refreshed(timeout, now);
        byToken.put(token, refreshed);
        return Optional.of(refreshed);
    }

    /** @return whether a lock with {@code token} covering {@code key} was removed */
    public synchronized boolean unlock(String token, String key) {
        expire(Instant.now());
        Lock held = byToken.get(token);
        if (held == null || !held.covers(key)) {
            return false;
        }
        byToken.remove(token);
        return true;
    }

    /** @return the locks on {@code key} or on an ancestor with depth infinity */
    public synchronized List<Lock> covering(String key) {
        expire(Instant.now());
        List<Lock> found = new ArrayList<>();
        for (Lock held : byToken.values()) {
            if (held.covers(key)) {
                found.add(held);
            }
        }
        return found;
    }

    /** @return the locks on {@code key} or below it */
    public synchronized List<Lock> within(String key) {
        expire(Instant.now());
        List<Lock> found = new ArrayList<>();
        for (Lock held : byToken.values()) {
            if (held.key().equals(key) || isAncestor(key, held.key())) {
                found.add(held);
            }
        }
        return found;
    }

    /** @return whether {@code token} is a lock token that covers {@code key} (its state token, RFC 4918 10.4) */
    public synchronized boolean isStateToken(String token, String key) {
        Lock held = byToken.get(token);
        return held != null && held.expires().isAfter(Instant.now()) && held.covers(key);
    }

    /** Drops the locks on {@code key} and below: the resources are gone (DELETE, MOVE's source). */
    public synchronized void removeWithin(String key) {
        byToken.values().removeIf(held -> held.key().equals(key) || isAncestor(key, held.key()));
    }

    private void expire(Instant now) {
        byToken.values().removeIf(held -> !held.expires().isAfter(now));
    }
}
