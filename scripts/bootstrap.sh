# Sourced by build.sh: makes sure the tools a build.sh run needs are on the machine. On a Debian
# or Ubuntu machine, as root, it installs what is missing with apt-get; elsewhere it stops with
# the one command to run. Python packages go into a project virtual environment (.venv), so a
# system Python that refuses pip installs (PEP 668, "externally-managed-environment") never
# stands in the way.

# Each needed tool as "kind:name:debian-package"; kind "cmd" is a command on PATH, "file" a path
# that must exist, "glob" a pattern some path must match, "python" a module python3 imports.
BOOTSTRAP_NEEDS=()

bootstrap_need() {
    BOOTSTRAP_NEEDS+=("$1")
}

bootstrap_missing_packages() {
    local need kind name package missing=()
    for need in "${BOOTSTRAP_NEEDS[@]}"; do
        IFS=: read -r kind name package <<<"$need"
        case "$kind" in
            cmd) command -v "$name" >/dev/null 2>&1 && continue ;;
            file) [ -e "$name" ] && continue ;;
            python) python3 -c "import $name" >/dev/null 2>&1 && continue ;;
            glob) compgen -G "$name" >/dev/null && continue ;;
        esac
        [[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
    done
    echo "${missing[*]}"
}

# Installs the Debian packages behind every missing need, or stops naming them.
bootstrap_tools() {
    local missing
    missing="$(bootstrap_missing_packages)"
    [ -n "$missing" ] || return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        log "installing missing tools: $missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086  # one word per package
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
        missing="$(bootstrap_missing_packages)"
        [ -z "$missing" ] && return 0
        echo "build.sh: apt-get did not provide: $missing" >&2
        exit 1
    fi
    echo "build.sh: missing tools. Install them with:" >&2
    echo "    sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
}

# Creates (once) the project's virtual environment and installs requirements.txt into it when
# the file changed since the last install; sets PYTHON to its interpreter.
bootstrap_python() {
    local venv="$ROOT/.venv" stamp want
    if [ ! -x "$venv/bin/python" ]; then
        log "creating the Python environment $venv"
        python3 -m venv "$venv"
    fi
    stamp="$venv/.requirements.sha256"
    want="$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing Python packages into $venv"
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt"
        echo "$want" > "$stamp"
    fi
    PYTHON="$venv/bin/python"
}
