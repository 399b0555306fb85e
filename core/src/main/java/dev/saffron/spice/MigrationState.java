package dev.saffron.spice;

/** Where a session stands with respect to migration; mirrors spice-gtk's {@code SpiceSessionMigration}. */
public enum MigrationState {
    /** Not migrating. */
    NORMAL,
    /** Connecting to the migration destination. */
    CONNECTING,
    /** Switching host after a migration. */
    SWITCHING,
    /** Migrating with the destination connected. */
    MIGRATING
}
