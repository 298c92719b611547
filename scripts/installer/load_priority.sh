# Sourced by install.sh: vendors/config.ini, whose load_priority line is the order in which CANN
# searches the vendor folders for an op. As CANN's installer does, the vendor just installed goes
# first and the others keep their order; the file is replaced whole, never left half-written.

put_vendor_first_in_load_priority() {
    local config="$1" vendor="$2" for_all="$3" current="" others new mode=0640
    if [ -f "$config" ]; then
        current="$(sed -n 's/^load_priority=//p' "$config" | head -n 1)"
        # Never narrow what other packages' users could read.
        [ -z "$(find "$config" -perm -o=r)" ] || mode=0644
    fi
    [ "$for_all" = 0 ] || mode=0644
    others="$(tr ',' '\n' <<<"$current" | sed 's/^ *//; s/ *$//' | { grep -vxF -e "$vendor" -e '' || true; } |
        paste -sd, -)"
    new="$(mktemp "$config.XXXXXX")"
    {
        echo "load_priority=$vendor${others:+,$others}"
        [ ! -f "$config" ] || grep -v '^load_priority=' "$config" || true
    } > "$new"
    chmod "$mode" -- "$new"
    mv -f -- "$new" "$config"
}
