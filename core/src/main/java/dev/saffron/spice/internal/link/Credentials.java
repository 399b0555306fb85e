package dev.saffron.spice.internal.link;

import java.util.Optional;

/**
 * What a channel may authenticate with. An empty string counts as missing, as spice-gtk treats an unset
 * property. {@link #toString()} never shows the password.
 *
 * @param username the SASL user name
 * @param password the ticket or SASL password
 */
public record Credentials(Optional<String> username, Optional<String> password) {
    public Credentials {
        username = username.filter(name -> !name.isEmpty());
        password = password.filter(secret -> !secret.isEmpty());
    }

    /** @return credentials holding only a ticket password, which may be empty */
    public static Credentials ticket(String password) {
        return new Credentials(Optional.empty(), Optional.of(password));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username.orElse("<none>") + ", password="
                + (password.isPresent() ? "<redacted>" : "<none>") + "]";
    }
}
