package io.didpool.platform;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory only the service's user may write, for what didpool later executes (the embedded PostgreSQL's
 * binaries): created mode 0700, and refused when it is a symbolic link, belongs to another user or is writable by
 * group or others, since whoever can write it can swap the programs before the next start.
 */
final class PrivateDirectory {

    private PrivateDirectory() {
    }

    /** {@code dir}, created 0700 when missing, once it has been checked to be private. */
    static Path of(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new IllegalStateException(dir + " is not a directory (a symbolic link, or a file); didpool keeps the"
                    + " embedded PostgreSQL's programs there and uses only a directory of its own");
        }
        long owner = ((Number) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        long self = new UnixSystem().getUid();
        if (owner != self) {
            throw new IllegalStateException(dir + " belongs to user id " + owner + ", not to the user running didpool ("
                    + self + "); whoever owns it could replace the embedded PostgreSQL's programs. Remove it.");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException(dir + " is writable by group or others ("
                    + PosixFilePermissions.toString(permissions) + "), who could replace the embedded PostgreSQL's"
                    + " programs; `chmod 700` it (or remove it) and start again");
        }
        return dir;
    }
}
