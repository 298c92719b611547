#!/usr/bin/env bash
# Builds the custom-op run package with makeself from a staging folder holding packages/vendors/.
# Usage: scripts/package.sh STAGING_DIR OUTPUT_DIR
set -euo pipefail
staging="$1"
output_dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
command -v makeself >/dev/null || { echo "package: makeself is not installed (apt-get install makeself)" >&2; exit 1; }

# makeself's stock header rejects options it does not know. CANN packages take
# "--install-path=DIR --quiet" in any order, so the adapted header hands unknown options to
# install.sh and gives it --quiet as well (makeself still honours --quiet itself).
# makeself runs the script as eval "\"$script\" $scriptargs \"\$@\"", so an option appended to
# scriptargs as it is would be split at spaces and could run commands ("--install-path=$(...)").
# Each one is therefore appended single-quoted, every ' in it written as '\'' (the X keeps a
# trailing newline from being eaten by the command substitution). The branch below is the text of
# the generated archive's header template, hence the escaped $ and doubled backslashes.
IFS= read -r -d '' forward_option <<'BRANCH' || true
	MS_arg=\$(printf '%sX' "\$1" | sed "s/'/'\\\\\\\\''/g")
	scriptargs="\$scriptargs '\${MS_arg%X}'"
	shift
BRANCH
stock_header=""
for candidate in /usr/share/makeself/makeself-header.sh /usr/share/makeself-*/makeself-header.sh; do
    [ -f "$candidate" ] && stock_header="$candidate" && break
done
[ -n "$stock_header" ] || { echo "package: makeself-header.sh not found" >&2; exit 1; }
header="$staging/../makeself-header.sh"
# The unknown-flag branch is three lines (echo, MS_Help, exit 1); its ;; stays.
FORWARD_OPTION="$forward_option" awk '
    skip > 0 { skip--; next }
    /echo Unrecognized flag/ { print ENVIRON["FORWARD_OPTION"]; skip = 2; next }
    { print }' "$stock_header" |
    sed -e '/^    -q | --quiet)$/{n;s/.*/\tquiet=y\n\tscriptargs="\\$scriptargs \\$1"/}' > "$header"
grep -q "Unrecognized flag" "$header" && { echo "package: could not adapt $stock_header" >&2; exit 1; }

# The installer and the parts it sources (installer/*.sh), beside packages/ in the archive. On the
# cann backend they take the place of the toolkit framework's scripts (install.sh, upgrade.sh,
# uninstall.sh, help.info), which want an absolute install path and write it into set_env.bash
# unquoted, so a path with a space or a quote breaks the install.
rm -f "$staging/upgrade.sh" "$staging/uninstall.sh" "$staging/help.info"
cp "$here/install.sh" "$staging/install.sh"
rm -rf "$staging/installer" && cp -R "$here/installer" "$staging/installer"
chmod +x "$staging/install.sh"
mkdir -p "$output_dir"
os="$(. /etc/os-release && echo "${ID}")"
run="$output_dir/custom_opp_${os}_$(uname -m).run"
makeself --header "$header" --gzip --quiet "$staging" "$run" "nsa_compress custom op package" ./install.sh
echo "$run"
