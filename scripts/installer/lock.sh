# Sourced by install.sh: one install at a time into a vendors folder. Two installs copying into and
# renaming the same folders at once would interleave, so each holds an exclusive flock on the vendors
# folder itself from its first look inside to its exit (the lock goes with the process). Locking the
# folder rather than a lock file in it leaves nothing behind, even after a refused install.

LOCK_TIMEOUT_SECONDS=600

take_install_lock() {
    local vendors="$1" quiet="$2"
    if ! command -v flock >/dev/null; then
        echo "install: flock is needed to install one package at a time; install util-linux" >&2
        return 1
    fi
    exec {INSTALL_LOCK_FD}<"$vendors"
    flock -n "$INSTALL_LOCK_FD" && return 0
    [ "$quiet" = 1 ] || echo "waiting for another install into $vendors to finish"
    if ! flock -w "$LOCK_TIMEOUT_SECONDS" "$INSTALL_LOCK_FD"; then
        echo "install: another install into $vendors has held its lock for $LOCK_TIMEOUT_SECONDS s;" \
            "giving up, nothing changed" >&2
        return 1
    fi
}
